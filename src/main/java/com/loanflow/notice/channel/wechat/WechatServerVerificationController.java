package com.loanflow.notice.channel.wechat;

import com.loanflow.notice.channel.WebhookRequest;
import com.loanflow.web.ApiException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/webhooks/wechat/receipts}: the check WeChat makes when an operator enters LoanFlow's webhook as
 * the official account's server URL (服务器配置). WeChat sends {@code signature}, {@code timestamp}, {@code nonce}
 * and {@code echostr}, signed like every push, and enables the URL only if the answer is {@code echostr} itself.
 * Without this answer no delivery report would ever arrive. The pushes themselves are POSTs to the same path,
 * taken by the receipt webhook controller.
 */
@RestController
@ConditionalOnProperty(name = "loanflow.notice.wechat.enabled", havingValue = "true")
class WechatServerVerificationController {

    private final WechatEventWebhook webhook;

    WechatServerVerificationController(WechatEventWebhook webhook) {
        this.webhook = webhook;
    }

    @GetMapping(path = "/api/webhooks/wechat/receipts", produces = MediaType.TEXT_PLAIN_VALUE)
    String verify(@RequestParam Map<String, String> parameters) {
        String echostr = parameters.get("echostr");
        Map<String, List<String>> signed = parameters.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
        if (echostr == null || !webhook.authentic(new WebhookRequest(null, Map.of(), signed, new byte[0], null))) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "bad-signature",
                    "The request does not carry a valid wechat signature");
        }
        return echostr;
    }
}
