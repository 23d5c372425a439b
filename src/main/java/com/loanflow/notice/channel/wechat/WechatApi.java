package com.loanflow.notice.channel.wechat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.loanflow.notice.channel.DeliveryException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * JSON over HTTPS to WeChat's API: one POST, one JSON answer, every transport failure a temporary
 * {@link DeliveryException}. Shared by the access-token cache and the template-message sender.
 * <p>
 * The JDK client is used on purpose: it never resends a POST by itself ({@code HttpURLConnection} does after some
 * I/O errors, which would send a borrower's message twice), and its failures do not carry the request URL, which
 * holds the access token. HTTP/1.1 is pinned because the client's cleartext HTTP/2 upgrade is of no use here.
 */
@Component
@ConditionalOnProperty(name = "loanflow.notice.wechat.enabled", havingValue = "true")
class WechatApi {

    private final WechatProperties properties;
    private final ObjectMapper json;
    private final HttpClient http;

    WechatApi(WechatProperties properties, ObjectMapper json) {
        this.properties = properties;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    ObjectMapper json() {
        return json;
    }

    /**
     * Posts {@code body} to {@code path} (with its query) under the base URL and returns WeChat's answer, which
     * may still carry a non-zero {@code errcode} for the caller to interpret.
     *
     * @param what names the call in failure messages ("template message", "access token")
     * @throws DeliveryException temporary: timeout, I/O error, 5xx or any other non-2xx, an answer that is not JSON
     */
    JsonNode post(String path, JsonNode body, String what) {
        String payload;
        try {
            payload = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always serialises", e);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(properties.baseUrl() + path))
                .timeout(properties.readTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = exchange(request, what);
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            throw DeliveryException.temporary("HTTP_" + status, "WeChat answered the " + what + " request with HTTP "
                    + status);
        }
        try {
            JsonNode answer = json.readTree(response.body());
            if (answer == null || !answer.isObject()) {
                throw malformed(what, null);
            }
            return answer;
        } catch (JsonProcessingException e) {
            throw malformed(what, e);
        }
    }

    /** WeChat's error code: absent means success; anything but an integer means an answer we cannot trust. */
    static int errcode(JsonNode answer, String what) {
        JsonNode errcode = answer.get("errcode");
        if (errcode == null || errcode.isNull()) {
            return 0;
        }
        if (!errcode.isIntegralNumber() || !errcode.canConvertToInt()) {
            throw malformed(what, null);
        }
        return errcode.intValue();
    }

    static DeliveryException malformed(String what, Throwable cause) {
        // WeChat answered something: it may have taken the template message.
        return DeliveryException.outcomeUnknown("MALFORMED", "WeChat's answer to the " + what
                + " request is not the JSON it documents", cause);
    }

    private HttpResponse<String> exchange(HttpRequest request, String what) {
        // The request timeout ends with the response headers; bounding the whole exchange also covers a body that
        // trickles in.
        long limitMillis = properties.connectTimeout().plus(properties.readTimeout()).toMillis();
        CompletableFuture<HttpResponse<String>> call =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            return call.get(limitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw timeout(what, e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw DeliveryException.temporary("INTERRUPTED", "Interrupted while waiting for WeChat's answer to the "
                    + what + " request", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
                throw DeliveryException.temporary("CONNECT", "WeChat is unreachable for the " + what + " request: "
                        + cause.getClass().getSimpleName(), cause);
            }
            if (cause instanceof HttpTimeoutException) {
                throw timeout(what, cause);
            }
            if (cause instanceof IOException) {
                // A new attempt has a new client_msg_id, which WeChat cannot recognise: not sent again to this openid.
                throw DeliveryException.outcomeUnknown("IO_ERROR", "The " + what + " request to WeChat failed: "
                        + cause.getClass().getSimpleName(), cause);
            }
            throw DeliveryException.temporary("IO_ERROR", "The " + what + " request to WeChat failed", cause);
        }
    }

    private DeliveryException timeout(String what, Throwable cause) {
        return DeliveryException.outcomeUnknown("TIMEOUT", "WeChat did not answer the " + what + " request within "
                + properties.readTimeout(), cause);
    }
}
