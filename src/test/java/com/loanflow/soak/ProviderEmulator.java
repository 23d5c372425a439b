package com.loanflow.soak;

import static com.loanflow.soak.ProviderWorld.ALIYUN;
import static com.loanflow.soak.ProviderWorld.EMAIL;
import static com.loanflow.soak.ProviderWorld.JPUSH;
import static com.loanflow.soak.ProviderWorld.READ_TIMEOUT_MILLIS;
import static com.loanflow.soak.ProviderWorld.TWILIO;
import static com.loanflow.soak.ProviderWorld.TWILIO_MESSAGES;
import static com.loanflow.soak.ProviderWorld.WECHAT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.loanflow.soak.FaultPlan.SendFault;
import com.loanflow.soak.ProviderWorld.Sent;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * How each provider answers, as its API documents it, with the {@link FaultPlan}'s faults: the send APIs (Aliyun
 * SendSms, Twilio Messages, WeChat template messages, JPush push), and the status APIs a careful client may ask
 * after an unknown outcome (Aliyun QuerySendDetails, Twilio's Messages resource, JPush's cid and report API).
 * WeChat drops a repeated {@code client_msg_id} to the same openid within 10 minutes and JPush a repeated
 * {@code cid}, as the providers do; those repeats are recorded as duplicates of the first, not as new messages.
 */
final class ProviderEmulator {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WECHAT_DEDUPE_WINDOW = Duration.ofMinutes(10);

    private final ProviderWorld world;
    private final FaultPlan faults;
    private final SoakClock clock;
    private final AtomicLong ids = new AtomicLong(100_000_000_000L);
    private final ExecutorService sideEffects = Executors.newCachedThreadPool();
    private volatile ReceiptSender receipts;
    private volatile Consumer<String> contactChange = address -> { };
    private volatile Runnable slowSend = () -> { };

    ProviderEmulator(ProviderWorld world, FaultPlan faults, SoakClock clock) {
        this.world = world;
        this.faults = faults;
        this.clock = clock;
    }

    void connect(ReceiptSender sender, Consumer<String> contactChangeOfAddress, Runnable duringSlowSend) {
        this.receipts = sender;
        this.contactChange = contactChangeOfAddress;
        this.slowSend = duringSlowSend;
    }

    // ---- Aliyun SMS ----

    ResponseDefinition aliyun(ServeEvent event) {
        LoggedRequest request = event.getRequest();
        var form = SoakRequests.form(request.getBodyAsString());
        String action = form.getOrDefault("Action", "");
        if (action.equals("QuerySendDetails")) {
            return aliyunQuery(form.get("PhoneNumber"));
        }
        if (!action.equals("SendSms")) {
            return json(400, "{\"Code\":\"InvalidAction\",\"Message\":\"unknown action\"}");
        }
        String bizId = ids.incrementAndGet() + "^0";
        String phone = SoakRequests.e164(form.get("PhoneNumbers"));
        return send(event, ALIYUN, form.get("OutId"), null, phone, null, bizId,
                json(200, "{\"Code\":\"OK\",\"Message\":\"OK\",\"RequestId\":\"" + UUID.randomUUID()
                        + "\",\"BizId\":\"" + bizId + "\"}"),
                json(500, "{\"Code\":\"isp.SYSTEM_ERROR\",\"Message\":\"系统错误\",\"RequestId\":\""
                        + UUID.randomUUID() + "\"}"),
                json(200, "<html><body>502 Bad Gateway</body></html>"));
    }

    private ResponseDefinition aliyunQuery(String nationalPhone) {
        String phone = SoakRequests.e164(nationalPhone);
        world.recordQuery(new ProviderWorld.Query(ALIYUN, phone, Instant.now()));
        ArrayNode details = JSON.createArrayNode();
        world.sent().stream().filter(s -> s.provider().equals(ALIYUN) && s.taken() && phone.equals(s.address()))
                .forEach(s -> details.addObject().put("PhoneNum", nationalPhone).put("OutId", s.attemptId())
                        .put("SendStatus", world.reported(s.id()).map(d -> d ? 3 : 2).orElse(1))
                        .put("SendDate", SoakRequests.beijing(s.engineAt())));
        ObjectNode answer = JSON.createObjectNode().put("Code", "OK").put("Message", "OK")
                .put("RequestId", UUID.randomUUID().toString()).put("TotalCount", details.size());
        answer.putObject("SmsSendDetailDTOs").set("SmsSendDetailDTO", details);
        return json(200, answer.toString());
    }

    // ---- Twilio ----

    ResponseDefinition twilio(ServeEvent event) {
        LoggedRequest request = event.getRequest();
        String path = request.getUrl();
        if (request.getMethod().getName().equals("GET")) {
            return twilioQuery(path);
        }
        if (!path.startsWith(TWILIO_MESSAGES + ".json")) {
            return json(404, "{\"code\":20404,\"message\":\"not found\",\"status\":404}");
        }
        var form = SoakRequests.form(request.getBodyAsString());
        String callback = form.getOrDefault("StatusCallback", "");
        String attemptId = SoakRequests.form(callback.contains("?") ? callback.substring(callback.indexOf('?') + 1)
                : "").get("attemptId");
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        return send(event, TWILIO, attemptId, null, form.get("To"), null, sid,
                json(201, "{\"sid\":\"" + sid + "\",\"status\":\"queued\",\"to\":\"" + form.get("To")
                        + "\",\"num_segments\":\"1\"}"),
                json(503, "{\"code\":20503,\"message\":\"Service unavailable\",\"status\":503}"),
                json(201, "{\"sid\": \"" + sid.substring(0, 8)));
    }

    private ResponseDefinition twilioQuery(String path) {
        String to = SoakRequests.form(path.contains("?") ? path.substring(path.indexOf('?') + 1) : "").get("To");
        Optional<String> sid = path.startsWith(TWILIO_MESSAGES + "/")
                ? Optional.of(path.substring(TWILIO_MESSAGES.length() + 1).replaceAll("\\.json.*", ""))
                : Optional.empty();
        ArrayNode messages = JSON.createArrayNode();
        world.sent().stream().filter(s -> s.provider().equals(TWILIO) && s.taken())
                .filter(s -> sid.map(id -> id.equals(s.messageId())).orElse(s.address().equals(to)))
                .forEach(s -> messages.addObject().put("sid", s.messageId()).put("to", s.address())
                        .put("status", world.reported(s.id()).map(d -> d ? "delivered" : "undelivered")
                                .orElse("sent")));
        world.recordQuery(new ProviderWorld.Query(TWILIO, to != null ? to
                : messages.isEmpty() ? "" : messages.get(0).path("to").asText(), Instant.now()));
        if (sid.isPresent()) {
            return messages.isEmpty() ? json(404, "{\"code\":20404,\"status\":404}")
                    : json(200, messages.get(0).toString());
        }
        return json(200, JSON.createObjectNode().set("messages", messages).toString());
    }

    // ---- WeChat ----

    ResponseDefinition wechat(ServeEvent event) {
        LoggedRequest request = event.getRequest();
        if (request.getUrl().startsWith("/cgi-bin/stable_token")) {
            return json(200, "{\"access_token\":\"SOAK-ACCESS-TOKEN\",\"expires_in\":7200}");
        }
        JsonNode body = SoakRequests.json(request.getBodyAsString());
        String openId = body.path("touser").asText();
        String clientMsgId = body.path("client_msg_id").asText();
        Instant now = clock.now();
        Optional<Sent> earlier = world.sent().stream()
                .filter(s -> s.provider().equals(WECHAT) && s.taken() && s.duplicateOf() == null)
                .filter(s -> clientMsgId.equals(s.dedupeKey()) && openId.equals(s.address()))
                .filter(s -> s.engineAt().plus(WECHAT_DEDUPE_WINDOW).isAfter(now))
                .findFirst();
        if (earlier.isPresent()) {
            world.record(new Sent(event.getId().toString(), WECHAT, Instant.now(), now, clientMsgId, null, openId,
                    clientMsgId, SendFault.NONE, true, earlier.get().id(), earlier.get().messageId()));
            return json(200, "{\"errcode\":45065,\"errmsg\":\"clientmsgid exist\",\"msg_id\":"
                    + earlier.get().messageId() + "}");
        }
        String msgId = String.valueOf(ids.incrementAndGet());
        return send(event, WECHAT, clientMsgId, null, openId, clientMsgId, msgId,
                json(200, "{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":" + msgId + "}"),
                json(502, "<html>502 Bad Gateway</html>"),
                json(200, "{\"errcode\":\"ok\"}"));
    }

    // ---- JPush ----

    ResponseDefinition jpush(ServeEvent event) {
        LoggedRequest request = event.getRequest();
        String path = request.getUrl();
        if (path.startsWith("/v3/push/cid")) {
            return json(200, "{\"cidlist\":[\"" + JPUSH_CID_PREFIX + UUID.randomUUID() + "\"]}");
        }
        if (path.startsWith("/v3/received") || path.startsWith("/v3/status/message")) {
            world.recordQuery(new ProviderWorld.Query(JPUSH, "", Instant.now()));
            return json(200, "[]");
        }
        JsonNode body = SoakRequests.json(request.getBodyAsString());
        String registrationId = body.path("audience").path("registration_id").path(0).asText();
        JsonNode extras = body.path("notification").path("android").path("extras");
        String cid = body.path("cid").isTextual() ? body.path("cid").asText() : null;
        if (cid != null) {
            Optional<Sent> earlier = world.sent().stream()
                    .filter(s -> s.provider().equals(JPUSH) && s.taken() && cid.equals(s.dedupeKey()))
                    .findFirst();
            if (earlier.isPresent()) {
                world.record(new Sent(event.getId().toString(), JPUSH, Instant.now(), clock.now(),
                        extras.path("attemptId").asText(), extras.path("noticeId").asText(), registrationId, cid,
                        SendFault.NONE, true, earlier.get().id(), earlier.get().messageId()));
                return json(200, "{\"sendno\":\"0\",\"msg_id\":\"" + earlier.get().messageId() + "\"}");
            }
        }
        String msgId = String.valueOf(ids.incrementAndGet());
        return send(event, JPUSH, extras.path("attemptId").asText(), extras.path("noticeId").asText(), registrationId,
                cid, msgId,
                json(200, "{\"sendno\":\"" + body.path("options").path("sendno").asText() + "\",\"msg_id\":\""
                        + msgId + "\"}"),
                json(503, "{\"error\":{\"code\":1000,\"message\":\"内部错误\"}}"),
                json(200, "{\"sendno\":"));
    }

    static final String JPUSH_CID_PREFIX = "soakapp-";

    // ---- SMTP ----

    void mailReceived(String id, MimeMessage mail) {
        String to = SoakRequests.recipient(mail);
        String messageId = ProviderWorld.header(mail, "Message-ID");
        Sent message = new Sent(id, EMAIL, Instant.now(), clock.now(), ProviderWorld.header(mail, "X-LoanFlow-Attempt"),
                ProviderWorld.header(mail, "X-LoanFlow-Notice"), to, messageId, SendFault.NONE, true, null, messageId);
        world.record(message);
        if (receipts != null) {
            receipts.plan(message, faults.receiptFate(EMAIL));
        }
    }

    // ---- the send, its fault and its receipts ----

    private ResponseDefinition send(ServeEvent event, String provider, String attemptId, String noticeId,
                                    String address, String dedupeKey, String messageId, ResponseDefinition accepted,
                                    ResponseDefinition serverError, ResponseDefinition malformed) {
        SendFault fault = faults.sendFault(provider);
        Sent message = new Sent(event.getId().toString(), provider, Instant.now(), clock.now(), attemptId, noticeId,
                address, dedupeKey, fault, fault.taken, null, messageId);
        world.record(message);
        boolean receiptFirst = false;
        if (fault.taken && receipts != null && !provider.equals(JPUSH)) {
            FaultPlan.ReceiptFate fate = faults.receiptFate(provider);
            receiptFirst = fate == FaultPlan.ReceiptFate.DELIVERED_BEFORE_SEND_COMMITS;
            receipts.plan(message, fate);
        }
        if (receiptFirst || fault == SendFault.SLOW_ANSWER || fault == SendFault.TIMEOUT_AFTER_ACCEPT
                || fault == SendFault.CONTACT_CHANGE_MID_SEND) {
            sideEffects.execute(slowSend);
        }
        return switch (fault) {
            // The receipt is on its way at once; the answer waits a little, so it lands before the send commits.
            case NONE -> receiptFirst ? delayed(accepted, 500) : accepted;
            case SLOW_ANSWER -> delayed(accepted, 200 + faults.roll(provider + ":slow", 800));
            case SERVER_ERROR -> serverError;
            case CONNECTION_RESET -> ResponseDefinitionBuilder.like(accepted).withFault(Fault.CONNECTION_RESET_BY_PEER)
                    .build();
            case TIMEOUT_AFTER_ACCEPT -> delayed(accepted, 2 * READ_TIMEOUT_MILLIS);
            case MALFORMED_ANSWER -> malformed;
            case CONTACT_CHANGE_MID_SEND -> {
                sideEffects.execute(() -> contactChange.accept(address));
                yield delayed(accepted, 700);
            }
        };
    }

    private static ResponseDefinition delayed(ResponseDefinition answer, int millis) {
        return ResponseDefinitionBuilder.like(answer).withFixedDelay(millis).build();
    }

    private static ResponseDefinition json(int status, String body) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(body).build();
    }

    void close() {
        sideEffects.shutdownNow();
    }
}
