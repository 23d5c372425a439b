package com.loanflow.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One real PostgreSQL server per test JVM (zonky embedded binaries, nothing installed). It is stopped by the Spring
 * context that uses it, after the engine and the connection pool have closed ({@link EmbeddedPostgresLifecycle}):
 * stopping it from its own shutdown hook would race the context's and leave the engine waiting for a connection.
 */
public final class EmbeddedPostgresServer {

    private static EmbeddedPostgres server;
    private static CountDownLatch stopped;

    private EmbeddedPostgresServer() {
    }

    public static synchronized String jdbcUrl() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start embedded PostgreSQL", e);
            }
            CountDownLatch latch = new CountDownLatch(1);
            stopped = latch;
            // Last resort if no context closed it: never leave a postgres process behind.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    if (!latch.await(20, TimeUnit.SECONDS)) {
                        stop();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        return server.getJdbcUrl("postgres", "postgres");
    }

    /**
     * Stops the server. A Spring test context stops it through {@link EmbeddedPostgresLifecycle}; a test that runs
     * application contexts of its own calls this after closing them.
     */
    public static synchronized void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot stop embedded PostgreSQL", e);
            } finally {
                server = null;
                stopped.countDown();
            }
        }
    }
}
