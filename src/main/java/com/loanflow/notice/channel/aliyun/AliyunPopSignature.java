package com.loanflow.notice.channel.aliyun;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.loanflow.common.Hmac;
import java.net.URLEncoder;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Alibaba Cloud's RPC ("POP") request signature, HMAC-SHA1 version 1.0: the parameters (all but {@code Signature})
 * sorted by name and percent-encoded per RFC 3986 form the canonicalized query string;
 * {@code StringToSign = METHOD + "&" + encode("/") + "&" + encode(canonicalized)}; the signature is
 * {@code Base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign))}.
 */
final class AliyunPopSignature {

    private AliyunPopSignature() {
    }

    /**
     * RFC 3986 percent-encoding of UTF-8, as Aliyun requires it: {@link URLEncoder}'s form encoding with a space as
     * {@code %20} instead of {@code +}, {@code *} encoded as {@code %2A} and {@code ~} left as it is.
     */
    static String percentEncode(String value) {
        return URLEncoder.encode(value, UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    static String canonicalizedQuery(Map<String, String> parameters) {
        // Names are ASCII, so String order is Aliyun's byte order.
        return new TreeMap<>(parameters).entrySet().stream()
                .filter(e -> !"Signature".equals(e.getKey()))
                .map(e -> percentEncode(e.getKey()) + "=" + percentEncode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static String stringToSign(String httpMethod, Map<String, String> parameters) {
        return httpMethod + "&" + percentEncode("/") + "&" + percentEncode(canonicalizedQuery(parameters));
    }

    static String sign(String httpMethod, Map<String, String> parameters, String accessKeySecret) {
        return Base64.getEncoder().encodeToString(Hmac.sha1((accessKeySecret + "&").getBytes(UTF_8),
                stringToSign(httpMethod, parameters).getBytes(UTF_8)));
    }
}
