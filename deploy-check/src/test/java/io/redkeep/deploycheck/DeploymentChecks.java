package io.redkeep.deploycheck;

import java.util.ArrayList;
import java.util.List;

/**
 * Every static check of the deployment files of one checkout, as one list of problems.
 */
final class DeploymentChecks {

    private DeploymentChecks() {
    }

    static List<String> all(Repository repository) {
        ServiceCatalog catalog = new ServiceCatalog(repository);
        List<String> problems = new ArrayList<>(catalog.problems());
        catalog.unclassified()
            .forEach((variable) -> problems.add("the local runner sets " + variable
                    + ", which deploy-check does not know which service needs (ServiceCatalog.needed)"));
        problems.addAll(ComposeCheck.check(repository, catalog));
        if (repository.exists(ComposeCheck.FILE)) {
            problems.addAll(ScriptEnvironmentCheck.compose(repository));
        }
        problems.addAll(ImageAndScriptCheck.check(repository, catalog));
        KubernetesObjects objects = KubernetesSources.base(repository, catalog, problems);
        problems.addAll(KubernetesCheck.check(objects, catalog, KubernetesSources.BASE));
        problems.addAll(ScriptEnvironmentCheck.kubernetes(repository, objects));
        return problems;
    }

}
