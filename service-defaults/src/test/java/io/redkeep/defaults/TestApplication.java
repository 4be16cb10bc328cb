package io.redkeep.defaults;

import org.springframework.boot.SpringBootConfiguration;

/**
 * Anchor for slice tests; each test imports what it exercises.
 */
@SpringBootConfiguration
public class TestApplication {

}
