package com.loanflow.notice.channel.aliyun;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The POP signature against the examples Aliyun publishes, so a mistake shared by code and test cannot hide. */
class AliyunPopSignatureTest {

    @Test
    void givenTheSmsSignatureDocumentExample_whenSigned_thenThePublishedSignature() {
        // Aliyun SMS "HTTP协议及签名" (help.aliyun.com/document_detail/101343): AccessKeySecret testSecret.
        Map<String, String> parameters = new TreeMap<>(Map.ofEntries(
                Map.entry("AccessKeyId", "testId"),
                Map.entry("Action", "SendSms"),
                Map.entry("Format", "XML"),
                Map.entry("OutId", "123"),
                Map.entry("PhoneNumbers", "15300000001"),
                Map.entry("RegionId", "cn-hangzhou"),
                Map.entry("SignName", "阿里云短信测试专用"),
                Map.entry("SignatureMethod", "HMAC-SHA1"),
                Map.entry("SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466"),
                Map.entry("SignatureVersion", "1.0"),
                Map.entry("TemplateCode", "SMS_71390007"),
                Map.entry("TemplateParam", "{\"customer\":\"test\"}"),
                Map.entry("Timestamp", "2017-07-12T02:42:19Z"),
                Map.entry("Version", "2017-05-25")));

        assertThat(AliyunPopSignature.stringToSign("GET", parameters)).isEqualTo("GET&%2F&AccessKeyId%3DtestId"
                + "%26Action%3DSendSms%26Format%3DXML%26OutId%3D123%26PhoneNumbers%3D15300000001%26RegionId%3Dcn-hangzhou"
                + "%26SignName%3D%25E9%2598%25BF%25E9%2587%258C%25E4%25BA%2591%25E7%259F%25AD%25E4%25BF%25A1%25E6%25B5"
                + "%258B%25E8%25AF%2595%25E4%25B8%2593%25E7%2594%25A8%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce"
                + "%3D45e25e9b-0a6f-4070-8c85-2956eda1b466%26SignatureVersion%3D1.0%26TemplateCode%3DSMS_71390007"
                + "%26TemplateParam%3D%257B%2522customer%2522%253A%2522test%2522%257D%26Timestamp"
                + "%3D2017-07-12T02%253A42%253A19Z%26Version%3D2017-05-25");
        assertThat(AliyunPopSignature.sign("GET", parameters, "testSecret")).isEqualTo("zJDF+Lrzhj/ThnlvIToysFRq6t4=");
    }

    @Test
    void givenThePopSignatureDocumentExample_whenSigned_thenThePublishedSignature() {
        // Alibaba Cloud RPC signature example (DescribeRegions, AccessKeySecret testsecret).
        Map<String, String> parameters = Map.of(
                "Timestamp", "2016-02-23T12:46:24Z",
                "Format", "XML",
                "AccessKeyId", "testid",
                "Action", "DescribeRegions",
                "SignatureMethod", "HMAC-SHA1",
                "SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
                "Version", "2014-05-26",
                "SignatureVersion", "1.0");

        assertThat(AliyunPopSignature.stringToSign("GET", parameters)).isEqualTo("GET&%2F&AccessKeyId%3Dtestid"
                + "%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce"
                + "%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp"
                + "%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26");
        assertThat(AliyunPopSignature.sign("GET", parameters, "testsecret")).isEqualTo("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
    }

    @Test
    void givenAliyunsSpecialCharacters_whenEncoded_thenSpaceIs20StarIs2AAndTildeStays() {
        assertThat(AliyunPopSignature.percentEncode("a b*c~d+e/张")).isEqualTo("a%20b%2Ac~d%2Be%2F%E5%BC%A0");
    }

    @Test
    void givenASignatureParameter_whenCanonicalized_thenItIsLeftOut() {
        assertThat(AliyunPopSignature.canonicalizedQuery(Map.of("B", "2", "A", "1", "Signature", "x")))
                .isEqualTo("A=1&B=2");
    }
}
