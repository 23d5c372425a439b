package com.loanflow.web;

import java.util.Optional;

/** Which loan a notice belongs to, so a borrower's token can be held against a notice id in a request path. */
public interface NoticeLoans {

    /** The loan of this notice; empty when there is no such notice. */
    Optional<String> loanOf(String noticeId);
}
