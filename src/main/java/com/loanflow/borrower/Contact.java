package com.loanflow.borrower;

import java.time.Instant;

public record Contact(Channel channel, String address, ContactStatus status, Instant updatedAt) {

    public boolean usable() {
        return status == ContactStatus.VALID;
    }
}
