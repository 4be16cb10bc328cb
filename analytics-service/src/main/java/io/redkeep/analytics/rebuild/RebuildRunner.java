package io.redkeep.analytics.rebuild;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar analytics-service-exec.jar --rebuild}: rebuilds the derived Redis
 * state once, logs what it wrote and exits (status 0 on success). Start it with
 * {@code --redkeep.analytics.ingestion.enabled=false --server.port=0} next to a running
 * service.
 */
public class RebuildRunner implements ApplicationRunner {

    private static final Log logger = LogFactory.getLog(RebuildRunner.class);

    private final DerivedStateRebuild rebuild;

    private final RollupReplay replay;

    private final ConfigurableApplicationContext context;

    public RebuildRunner(DerivedStateRebuild rebuild, RollupReplay replay, ConfigurableApplicationContext context) {
        this.rebuild = rebuild;
        this.replay = replay;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!args.containsOption("rebuild")) {
            return;
        }
        int status = 0;
        try {
            if (args.getOptionValues("rebuild").contains("rollups")) {
                Long events = this.replay.run().block(Duration.ofHours(2));
                logger.info("Replayed " + events + " events from the streams into the rollups");
            }
            DerivedStateRebuild.Result result = this.rebuild.run().block(Duration.ofMinutes(30));
            logger.info("Rebuilt derived state: " + result);
        }
        catch (RuntimeException ex) {
            logger.error("Rebuild failed", ex);
            status = 1;
        }
        int exit = status;
        System.exit(SpringApplication.exit(this.context, () -> exit));
    }

}
