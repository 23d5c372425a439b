package com.loanflow.notice.channel.sms;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.loanflow.notice.channel.DeliveryException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The one HTTP call an SMS gateway makes: a form POST. A connection that could not be made is a temporary failure
 * (nothing was sent); a timeout or reset once the request was written is an unknown outcome, which is neither
 * failed over nor retried, as the gateway may have taken the SMS.
 *
 * <p>It uses the JDK client rather than {@code HttpURLConnection}: the latter silently re-sends a POST when a kept-alive
 * connection turns out to be closed, and a second POST to an SMS API is a second SMS.
 */
public final class GatewayHttp {

    private GatewayHttp() {
    }

    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * POSTs {@code form} (already {@code application/x-www-form-urlencoded}) and returns the answer whatever its
     * status; the caller reads the provider's error format.
     *
     * @param headers extra header names and values, alternating
     * @throws DeliveryException temporary, when there is no answer
     */
    public static HttpResponse<String> postForm(HttpClient client, URI uri, String form, Duration readTimeout,
                                                String gateway, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(readTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form, UTF_8));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw DeliveryException.temporary(SmsErrorCodes.CONNECT_TIMEOUT,
                    gateway + " did not accept a connection within " + client.connectTimeout().orElse(null), e);
        } catch (HttpTimeoutException e) {
            // The request went out: the gateway may have taken the SMS and only its answer is missing.
            throw DeliveryException.outcomeUnknown(SmsErrorCodes.TIMEOUT,
                    gateway + " did not answer within " + readTimeout, e);
        } catch (ConnectException e) {
            throw DeliveryException.temporary(SmsErrorCodes.CONNECTION_FAILED, gateway + " is unreachable: " + e, e);
        } catch (IOException e) {
            // A reset once connected: whether the gateway read the request cannot be told from here.
            throw DeliveryException.outcomeUnknown(SmsErrorCodes.IO_ERROR, gateway + " connection failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.temporary(SmsErrorCodes.INTERRUPTED, "Interrupted while calling " + gateway, e);
        }
    }
}
