package com.loanflow.support;

import com.loanflow.borrower.TestIdNumbers;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Application bodies as API.md shows them, with a fresh identity number and VIN each time. */
public final class TestApplications {

    private static final String VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestApplications() {
    }

    /** An applicant whose identity number's sequence code steers the sandbox bureau (001 poor credit, …). */
    public static Map<String, Object> application(String sequenceCode) {
        LocalDate birth = LocalDate.of(1970 + RANDOM.nextInt(30), 1 + RANDOM.nextInt(12), 1 + RANDOM.nextInt(28));
        Map<String, Object> applicant = new LinkedHashMap<>();
        applicant.put("name", "张伟");
        applicant.put("idNumber", TestIdNumbers.valid("110101", birth, sequenceCode));
        applicant.put("phone", "+86138" + (10000000 + RANDOM.nextInt(89999999)));
        applicant.put("email", "zhang.wei@example.com");
        applicant.put("wechatOpenId", "o6_bmjrPTlm6_2sgVt7hMZOPfL2M");
        applicant.put("pushToken", "device-token");
        applicant.put("language", "zh-CN");
        applicant.put("preferredChannels", List.of("WECHAT", "SMS"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("applicant", applicant);
        body.put("vehicle", new LinkedHashMap<>(Map.of("vin", vin(), "make", "Volkswagen", "model", "Lavida",
                "price", 120000.00)));
        body.put("loan", new LinkedHashMap<>(Map.of("principal", 90000.00, "termMonths", 36, "annualRate", 0.0588,
                "repaymentMethod", "EQUAL_INSTALLMENT")));
        body.put("declaredMonthlyIncome", 15000.00);
        return body;
    }

    public static String vin() {
        StringBuilder vin = new StringBuilder("LSV");
        while (vin.length() < 17) {
            vin.append(VIN_CHARS.charAt(RANDOM.nextInt(VIN_CHARS.length())));
        }
        return vin.toString();
    }
}
