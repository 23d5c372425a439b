package com.loanflow.soak;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.loanflow.support.ApiClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every request the soak makes to LoanFlow, as a load balancer in front of the nodes would route it: to any live
 * node. Each answer is looked at: a 5xx is a violation of invariant (e), whoever asked. Requests run under the
 * world's read lock; moving the clock takes the write lock, so time never jumps in the middle of a request.
 */
final class SoakClient {

    /** A request that got a 5xx. */
    record ServerError(String node, String request, int status, String body) {
    }

    private final List<SoakNode> nodes;
    private final Map<SoakNode, ApiClient> apis = new ConcurrentHashMap<>();
    private final List<SoakNode> routable = new CopyOnWriteArrayList<>();
    private final ReentrantReadWriteLock world = new ReentrantReadWriteLock(true);
    private final List<ServerError> serverErrors = new CopyOnWriteArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong crashedUnder = new AtomicLong();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    SoakClient(List<SoakNode> nodes) {
        this.nodes = nodes;
        for (SoakNode node : nodes) {
            apis.put(node, new ApiClient(node.port()));
            routable.add(node);
        }
    }

    /** A call through LoanFlow's API client on any live node; {@code what} names it in a violation. */
    ApiClient.Response call(String what, Function<ApiClient, ApiClient.Response> call) {
        SoakNode node = route();
        try {
            return on(node, what, call);
        } catch (RuntimeException e) {
            if (node.alive()) {
                throw e;
            }
            // The node died under the request (no answer, connection closed): as a load balancer, try the next.
            crashedUnder.incrementAndGet();
        }
        return call(what, call);
    }

    /**
     * A call of the engine's REST API on any live node, under that node's engine: {@code call} gets the base path
     * ({@code /engine-rest/engine/<name>}). Each node's engine has its own name, as engines register by name JVM-wide.
     */
    ApiClient.Response engine(String what, BiFunction<ApiClient, String, ApiClient.Response> call) {
        SoakNode node = route();
        try {
            return on(node, what, api -> call.apply(api, "/engine-rest/engine/" + node.name()));
        } catch (RuntimeException e) {
            if (node.alive()) {
                throw e;
            }
            crashedUnder.incrementAndGet();
        }
        return engine(what, call);
    }

    /** A download (the settlement certificate) as the integrator, on any live node. */
    ApiClient.BinaryResponse download(String what, String path, String user, String password) {
        SoakNode node = route();
        world.readLock().lock();
        try {
            requests.incrementAndGet();
            ApiClient.BinaryResponse response = apis.get(node).getBytes(path, user, password);
            check(node, what, response.status(), response.text());
            return response;
        } finally {
            world.readLock().unlock();
        }
    }

    /** The same call on both nodes' APIs at the same moment happens through two {@link #call}s on two threads. */
    private ApiClient.Response on(SoakNode node, String what, Function<ApiClient, ApiClient.Response> call) {
        world.readLock().lock();
        try {
            requests.incrementAndGet();
            ApiClient.Response response = call.apply(apis.get(node));
            if (!node.alive() && response.status() >= 500) {
                // Answered by a node dying under the request (its web server interrupting it): a real crash gives
                // no answer at all, so this is taken as none.
                throw new IllegalStateException(node.name() + " crashed under " + what);
            }
            check(node, what, response.status(), response.text());
            return response;
        } finally {
            world.readLock().unlock();
        }
    }

    /** A raw POST (a provider's webhook call) with its own content type and headers, on any live node. */
    HttpResponse<String> post(String what, String pathAndQuery, String contentType, String body,
                              Map<String, String> headers) {
        while (true) {
            SoakNode node = route();
            try {
                return postOn(node, what, pathAndQuery, contentType, body, headers);
            } catch (IOException e) {
                if (node.alive()) {
                    throw new IllegalStateException(what + " on " + node.name() + " failed: " + e, e);
                }
                // The node died under the request; the provider's next delivery attempt reaches another node.
                crashedUnder.incrementAndGet();
            }
        }
    }

    private HttpResponse<String> postOn(SoakNode node, String what, String pathAndQuery, String contentType,
                                        String body, Map<String, String> headers) throws IOException {
        world.readLock().lock();
        try {
            requests.incrementAndGet();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + node.port()
                            + pathAndQuery))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(body, UTF_8));
            headers.forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
            if (!node.alive() && response.statusCode() >= 500) {
                throw new IOException(node.name() + " crashed under " + what);
            }
            check(node, what, response.statusCode(), response.body());
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            world.readLock().unlock();
        }
    }

    private void check(SoakNode node, String what, int status, String body) {
        if (status >= 500) {
            serverErrors.add(new ServerError(node.name(), what, status,
                    body == null ? "" : body.substring(0, Math.min(body.length(), 300))));
        }
    }

    private synchronized SoakNode route() {
        if (routable.isEmpty()) {
            throw new IllegalStateException("No live LoanFlow node");
        }
        return routable.get(ThreadLocalRandom.current().nextInt(routable.size()));
    }

    /** No new request goes to the node. */
    synchronized void takeOutOfRotation(SoakNode node) {
        routable.remove(node);
    }

    /** Requests that were under way on a node when it crashed, and were sent again to another. */
    long crashedUnder() {
        return crashedUnder.get();
    }

    /** Runs {@code work} while no request is under way and none can start: moving the clock. */
    <T> T exclusively(Supplier<T> work) {
        world.writeLock().lock();
        try {
            return work.get();
        } finally {
            world.writeLock().unlock();
        }
    }

    List<SoakNode> liveNodes() {
        List<SoakNode> live = new ArrayList<>();
        nodes.stream().filter(SoakNode::alive).forEach(live::add);
        return live;
    }

    List<ServerError> serverErrors() {
        return serverErrors;
    }

    long requests() {
        return requests.get();
    }
}
