package com.loanflow.notice.channel.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.loanflow.notice.channel.DeliveryException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The official account's access token (接口调用凭据), which every WeChat API call carries. It is fetched from the
 * stable-token endpoint ({@code POST /cgi-bin/stable_token}, normal mode) and cached until shortly before it
 * expires. Callers that find it missing or stale while a fetch is under way wait for that fetch and share its
 * outcome, success or failure, so a burst of sends makes one token request, not one each.
 * <p>
 * Why the stable-token endpoint: the classic {@code GET /cgi-bin/token} revokes the previous token whenever a new
 * one is fetched, so two nodes would keep revoking each other's token. In normal mode
 * ({@code force_refresh=false}) the stable-token endpoint hands every caller the current token and only issues a
 * new one in the last 5 minutes of the old one's life, while the old one stays valid. This class never forces a
 * refresh: that revokes the token on every node and is limited to 20 a day.
 * <p>
 * Known limitation (for the cluster work): the cache is per node, so each node fetches its own copy (harmless with
 * the stable-token endpoint: the same token, well inside its 10,000 calls a minute). Should anything else sharing
 * this AppID force a refresh, each node finds out from a rejected send, drops its token ({@link #invalidate}) and
 * fetches the new one; a shared cache (database row or Redis) would save that one failed call per node.
 */
@Component
@ConditionalOnProperty(name = "loanflow.notice.wechat.enabled", havingValue = "true")
public class WechatAccessTokens {

    /** Fetch a new token this long before the cached one expires, so no request goes out with a dying token. */
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    static final String PATH = "/cgi-bin/stable_token";

    private static final Logger log = LoggerFactory.getLogger(WechatAccessTokens.class);

    /** Answers that mean our own account settings are wrong: no retry will help until an operator fixes them. */
    private static final Set<Integer> ACCOUNT_ERRORS = Set.of(
            40001, // invalid credential: AppSecret wrong
            40002, // invalid grant_type
            40013, // invalid appid
            40125, // invalid appsecret
            40164, // calling IP not in the account's IP whitelist
            41002, // appid missing
            41004, // secret missing
            89503); // call from this IP needs an administrator's confirmation

    private final WechatApi api;
    private final WechatProperties properties;
    private final Clock clock;
    private final AtomicReference<CachedToken> cached = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<CachedToken>> fetching = new AtomicReference<>();

    WechatAccessTokens(WechatApi api, WechatProperties properties, Clock clock) {
        this.api = api;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * A token valid for at least a few more minutes, from the cache or freshly fetched.
     *
     * @throws DeliveryException temporary, when WeChat does not hand out a token (down, or our account settings
     *                           are wrong: the message says which)
     */
    public String token() {
        CachedToken token = cached.get();
        if (token != null && token.freshAt(clock.instant())) {
            return token.value();
        }
        return refresh().value();
    }

    /**
     * Drops {@code token} after WeChat rejected it as invalid or expired, so the next {@link #token()} fetches a
     * new one. A token that is no longer the cached one (another caller already replaced it) is left alone.
     */
    public void invalidate(String token) {
        cached.updateAndGet(current -> current != null && current.value().equals(token) ? null : current);
    }

    private CachedToken refresh() {
        CompletableFuture<CachedToken> mine = new CompletableFuture<>();
        CompletableFuture<CachedToken> running = fetching.compareAndExchange(null, mine);
        if (running != null) {
            return await(running);
        }
        try {
            // A fetch may have finished between our look at the cache and taking over: use its token.
            CachedToken current = cached.get();
            CachedToken token = current != null && current.freshAt(clock.instant()) ? current : fetch();
            cached.set(token);
            mine.complete(token);
            return token;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            fetching.set(null);
        }
    }

    private static CachedToken await(CompletableFuture<CachedToken> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof DeliveryException failed) {
                // Rethrown for this caller's stack; the fetcher's failure stays attached as the cause.
                throw DeliveryException.temporary(failed.code(), failed.getMessage(), failed);
            }
            throw DeliveryException.temporary("TOKEN", "Fetching WeChat's access token failed", e.getCause());
        }
    }

    private CachedToken fetch() {
        ObjectNode request = api.json().createObjectNode()
                .put("grant_type", "client_credential")
                .put("appid", properties.appId())
                .put("secret", properties.appSecret())
                .put("force_refresh", false);
        Instant requestedAt = clock.instant();
        JsonNode answer = api.post(PATH, request, "access token");
        int errcode = WechatApi.errcode(answer, "access token");
        if (errcode != 0) {
            String errmsg = answer.path("errmsg").asText("");
            if (ACCOUNT_ERRORS.contains(errcode)) {
                throw DeliveryException.temporary(String.valueOf(errcode), "WeChat refuses LoanFlow an access token "
                        + "(errcode " + errcode + ": " + errmsg + "): an operator must check loanflow.notice.wechat."
                        + "app-id and app-secret and the account's IP whitelist; the borrower's address is fine");
            }
            throw DeliveryException.temporary(String.valueOf(errcode), "WeChat did not hand out an access token "
                    + "(errcode " + errcode + ": " + errmsg + ")");
        }
        JsonNode value = answer.get("access_token");
        JsonNode expiresIn = answer.get("expires_in");
        if (value == null || !value.isTextual() || value.asText().isBlank()
                || expiresIn == null || !expiresIn.canConvertToLong() || expiresIn.asLong() <= 0) {
            throw WechatApi.malformed("access token", null);
        }
        Duration lifetime = Duration.ofSeconds(expiresIn.asLong());
        // A token handed out in its last minutes (the stable-token endpoint does that) would be stale on arrival
        // with the full margin; half its remaining life is then the margin.
        Duration margin = lifetime.compareTo(REFRESH_MARGIN.multipliedBy(2)) < 0 ? lifetime.dividedBy(2)
                : REFRESH_MARGIN;
        log.info("Fetched a WeChat access token valid for {}", lifetime);
        return new CachedToken(value.asText(), requestedAt.plus(lifetime).minus(margin));
    }

    private record CachedToken(String value, Instant refreshAt) {

        boolean freshAt(Instant now) {
            return now.isBefore(refreshAt);
        }

        @Override
        public String toString() {
            return "CachedToken[refreshAt=" + refreshAt + "]";
        }
    }
}
