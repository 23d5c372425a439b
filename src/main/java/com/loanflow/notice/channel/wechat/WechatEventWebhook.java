package com.loanflow.notice.channel.wechat;

import com.loanflow.notice.channel.ProviderReceipt;
import com.loanflow.notice.channel.ReceiptOutcome;
import com.loanflow.notice.channel.ReceiptWebhook;
import com.loanflow.notice.channel.WebhookRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The events WeChat pushes to the official account's server URL (服务器配置), of which LoanFlow reads the
 * template-message delivery reports ({@code TEMPLATESENDJOBFINISH}). WeChat pushes every other event and every
 * message a user writes to the same URL: those yield no receipt and are acknowledged all the same, as WeChat
 * expects the plain text {@code success}.
 * <p>
 * Authenticity is WeChat's documented check: {@code signature} is the hex SHA-1 of the sorted concatenation of the
 * Token, {@code timestamp} and {@code nonce}. That signature does not cover the body, so anyone who once saw a
 * signed URL (a proxy's access log) could post made-up reports with it; a push is therefore only accepted within
 * {@link #MAX_AGE} of its timestamp. Only the plaintext and compatible message modes (明文模式, 兼容模式) are
 * understood; the encrypted mode, whose signature does cover the body, is not supported yet.
 * <p>
 * A delivery report names the message by WeChat's msgid only, so its receipt has no attempt id: LoanFlow finds the
 * attempt by the message id {@link WechatTemplateMessageProvider} recorded.
 */
@Component
@ConditionalOnProperty(name = "loanflow.notice.wechat.enabled", havingValue = "true")
public class WechatEventWebhook implements ReceiptWebhook {

    /** How far a push's timestamp may be from our clock, either way. */
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    private static final String TEMPLATE_SEND_FINISHED = "TEMPLATESENDJOBFINISH";

    /** Raises parse errors instead of also printing them to standard error, the default. */
    private static final ErrorHandler RAISE = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXParseException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
            throw e;
        }
    };

    private final WechatProperties properties;
    private final Clock clock;

    WechatEventWebhook(WechatProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public String provider() {
        return WechatTemplateMessageProvider.NAME;
    }

    @Override
    public boolean authentic(WebhookRequest request) {
        String token = properties.token();
        String signature = request.parameter("signature");
        String timestamp = request.parameter("timestamp");
        String nonce = request.parameter("nonce");
        if (token == null || token.isBlank() || signature == null || timestamp == null || nonce == null) {
            return false;
        }
        byte[] expected = signature(token, timestamp, nonce).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) && recent(timestamp);
    }

    @Override
    public List<ProviderReceipt> receipts(WebhookRequest request) {
        Element xml = parse(request.body());
        String msgType = text(xml, "MsgType");
        if (msgType == null) {
            if (text(xml, "Encrypt") != null) {
                throw new IllegalArgumentException("WeChat pushed an encrypted message: set the account's message "
                        + "mode to plaintext or compatible");
            }
            throw new IllegalArgumentException("WeChat push without MsgType");
        }
        if (!"event".equalsIgnoreCase(msgType) || !TEMPLATE_SEND_FINISHED.equalsIgnoreCase(text(xml, "Event"))) {
            return List.of();
        }
        String msgId = text(xml, "MsgID");
        if (msgId == null) {
            msgId = text(xml, "MsgId");
        }
        String status = text(xml, "Status");
        if (msgId == null || status == null) {
            throw new IllegalArgumentException("Template delivery report without MsgID or Status");
        }
        return List.of(new ProviderReceipt(provider(), msgId, null, outcome(status), status,
                createdAt(text(xml, "CreateTime")), msgId + ":" + status));
    }

    /** WeChat retries a push that is not answered with {@code success} (or an empty body). */
    @Override
    public String acknowledgement() {
        return "success";
    }

    /**
     * {@code success}, {@code failed:user block} (the borrower blocked the account: nothing will reach them) and
     * {@code failed: system failed}. A status WeChat adds later counts as a temporary failure: the notice then
     * goes on to the next channel rather than being taken for delivered.
     */
    static ReceiptOutcome outcome(String status) {
        String normalised = status.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
        return switch (normalised) {
            case "success" -> ReceiptOutcome.DELIVERED;
            case "failed:userblock" -> ReceiptOutcome.PERMANENT_FAILURE;
            default -> ReceiptOutcome.TEMPORARY_FAILURE;
        };
    }

    static String signature(String token, String timestamp, String nonce) {
        String[] parts = {token, timestamp, nonce};
        Arrays.sort(parts);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest(String.join("", parts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    private boolean recent(String timestamp) {
        try {
            Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
            return Duration.between(signedAt, clock.instant()).abs().compareTo(MAX_AGE) <= 0;
        } catch (NumberFormatException | DateTimeException e) {
            return false;
        }
    }

    private static Instant createdAt(String createTime) {
        if (createTime == null) {
            throw new IllegalArgumentException("Template delivery report without CreateTime");
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(createTime));
        } catch (NumberFormatException | DateTimeException e) {
            throw new IllegalArgumentException("CreateTime is not a Unix time: " + createTime, e);
        }
    }

    private static Element parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("Empty WeChat push");
        }
        try {
            Document document = secureBuilder().parse(new ByteArrayInputStream(body));
            Element root = document.getDocumentElement();
            if (!"xml".equals(root.getTagName())) {
                throw new IllegalArgumentException("WeChat push whose root is <" + root.getTagName() + ">, not <xml>");
            }
            return root;
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException("WeChat push is not well-formed XML without a DTD", e);
        }
    }

    /**
     * A parser that refuses any DOCTYPE, so neither external entities (XXE: reading our files or calling our
     * network for an attacker) nor entity expansion bombs get a chance. A new one per push, as builders are not
     * thread-safe.
     */
    private static DocumentBuilder secureBuilder() {
        try {
            // The JDK's own parser, whatever other XML libraries the classpath holds: the features below are its.
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(RAISE);
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The JDK's XML parser cannot be secured against XXE", e);
        }
    }

    /** The text of the first child element named {@code name} (CDATA included), trimmed; null when absent or empty. */
    private static String text(Element parent, String name) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals(name)) {
                String text = element.getTextContent().trim();
                return text.isEmpty() ? null : text;
            }
        }
        return null;
    }
}
