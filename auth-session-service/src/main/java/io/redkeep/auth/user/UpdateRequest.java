package io.redkeep.auth.user;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSetter;

/**
 * Body of {@code PATCH /api/auth/me}. Tells an absent {@code displayName} (leave it) from
 * an explicit {@code null} (invalid), which a plain record cannot.
 */
class UpdateRequest {

    private String displayName;

    private boolean displayNameGiven;

    @JsonSetter("displayName")
    void setDisplayName(String displayName) {
        this.displayName = displayName;
        this.displayNameGiven = true;
    }

    String displayName() {
        return this.displayName;
    }

    @JsonIgnore
    boolean displayNameGiven() {
        return this.displayNameGiven;
    }

}
