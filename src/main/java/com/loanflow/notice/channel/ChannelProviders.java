package com.loanflow.notice.channel;

import com.loanflow.borrower.Channel;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Which provider delivers each channel: a configured real provider, else the sandbox (when it is on). A channel
 * without a provider is left out of delivery plans.
 */
@Component
public class ChannelProviders {

    public static final String SANDBOX = "sandbox";

    private final List<ChannelProvider> providers;

    ChannelProviders(List<ChannelProvider> providers) {
        this.providers = providers;
    }

    public Optional<ChannelProvider> forChannel(Channel channel) {
        Optional<ChannelProvider> real = providers.stream()
                .filter(p -> p.supports(channel) && !SANDBOX.equals(p.name()))
                .findFirst();
        return real.or(() -> providers.stream().filter(p -> p.supports(channel)).findFirst());
    }

    public boolean available(Channel channel) {
        return forChannel(channel).isPresent();
    }
}
