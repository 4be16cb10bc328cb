package io.redkeep.auth;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Users, login, Redis sessions, failed-login lockout.
 */
@SpringBootApplication
public class AuthSessionApplication {

    public static void main(String[] args) {
        SpringApplication.run(AuthSessionApplication.class, args);
    }

}
