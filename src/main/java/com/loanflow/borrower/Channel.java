package com.loanflow.borrower;

/** The channels a notice can go out on. IN_APP is the borrower's message center and needs no address. */
public enum Channel {
    SMS, EMAIL, PUSH, WECHAT, IN_APP
}
