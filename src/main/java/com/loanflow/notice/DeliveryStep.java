package com.loanflow.notice;

import com.loanflow.borrower.Channel;
import java.time.Duration;

/** One channel of a delivery plan, in the order it is tried, and how long to wait for its receipt. */
public record DeliveryStep(int step, Channel channel, Duration confirmationTimeout) {
}
