package com.loanflow.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * Calls LoanFlow over real HTTP as an integrator, staff member or borrower app would, and never throws on 4xx/5xx so
 * tests assert on the status and problem document themselves.
 */
public class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RestClient http;

    public ApiClient(int port) {
        this.http = RestClient.builder().baseUrl("http://localhost:" + port).build();
    }

    public record Response(int status, HttpHeaders headers, String text) {

        public JsonNode json() {
            try {
                return text == null || text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
            } catch (Exception e) {
                throw new AssertionError("Not JSON: " + text, e);
            }
        }

        public String contentType() {
            return headers.getContentType() == null ? null : headers.getContentType().toString();
        }
    }

    /** A response whose body is kept as bytes, for documents such as the settlement certificate PDF. */
    public record BinaryResponse(int status, HttpHeaders headers, byte[] body) {

        /** The body as UTF-8 text, for reading a problem document. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String contentType() {
            return headers.getContentType() == null ? null : headers.getContentType().toString();
        }
    }

    public Response get(String path, String user, String password) {
        return exchange(HttpMethod.GET, path, null, user, password);
    }

    public BinaryResponse getBytes(String path, String user, String password) {
        RestClient.RequestHeadersSpec<?> request = http.get().uri(path);
        if (user != null) {
            request.header(HttpHeaders.AUTHORIZATION, basic(user, password));
        }
        return request.exchange((req, res) -> new BinaryResponse(res.getStatusCode().value(), res.getHeaders(),
                res.getBody().readAllBytes()), true);
    }

    public Response post(String path, Object body, String user, String password) {
        return exchange(HttpMethod.POST, path, body, user, password);
    }

    public Response put(String path, Object body, String user, String password) {
        return exchange(HttpMethod.PUT, path, body, user, password);
    }

    public Response exchange(HttpMethod method, String path, Object body, String user, String password) {
        return send(method, path, body, user == null ? null : basic(user, password));
    }

    /** As the borrower's app calls: with the borrower token LoanFlow issued for the loan. */
    public Response asBorrower(HttpMethod method, String path, Object body, String token) {
        return send(method, path, body, "Bearer " + token);
    }

    private Response send(HttpMethod method, String path, Object body, String authorization) {
        RestClient.RequestBodySpec request = http.method(method).uri(path);
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON);
            request.body(body instanceof String text ? text : toJson(body));
        }
        return request.exchange((req, res) -> new Response(res.getStatusCode().value(), res.getHeaders(),
                new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8)), true);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String toJson(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
