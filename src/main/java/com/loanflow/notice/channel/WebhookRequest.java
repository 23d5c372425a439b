package com.loanflow.notice.channel;

import java.util.List;
import java.util.Map;

/**
 * A receipt webhook call as it arrived. {@code url} is the public URL the provider called (query included),
 * as providers that sign requests (Twilio) sign that URL, not the one behind a proxy.
 */
public record WebhookRequest(String url, Map<String, String> headers, Map<String, List<String>> parameters,
                             byte[] body, String contentType) {

    /** Header lookup ignoring case, as HTTP header names are. */
    public String header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    public String parameter(String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
