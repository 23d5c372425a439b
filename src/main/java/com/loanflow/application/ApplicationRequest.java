package com.loanflow.application;

import com.loanflow.borrower.Channel;
import com.loanflow.borrower.E164Phone;
import com.loanflow.borrower.PrcIdNumber;
import com.loanflow.loan.schedule.RepaymentMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;

/** {@code POST /api/applications}: a car-loan application as API.md defines it; validated before anything is stored. */
public record ApplicationRequest(
        @NotNull @Valid Applicant applicant,
        @NotNull @Valid Vehicle vehicle,
        @NotNull @Valid Terms loan,
        @NotNull @DecimalMin(value = "0.01", message = "must be positive") @Digits(integer = 13, fraction = 2)
        BigDecimal declaredMonthlyIncome) {

    public record Applicant(
            @NotBlank @Size(max = 100) String name,
            @NotBlank @PrcIdNumber String idNumber,
            @NotBlank @E164Phone String phone,
            @Email(regexp = ".+@.+\\..+", message = "must be an e-mail address") @Size(max = 254) String email,
            @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_-]+", message = "must be a WeChat open id") String wechatOpenId,
            @Size(max = 256) String pushToken,
            @Pattern(regexp = "zh-CN|en", message = "must be zh-CN or en") String language,
            @Size(max = 5) List<@NotNull Channel> preferredChannels) {

        public String languageOrDefault() {
            return language == null ? "zh-CN" : language;
        }

        public List<Channel> preferredChannelsOrDefault() {
            return preferredChannels == null || preferredChannels.isEmpty() ? List.of(Channel.SMS) : preferredChannels;
        }

        /** A channel the applicant prefers must have an address to send to (the in-app center always has one). */
        @AssertTrue(message = "name only channels whose address is given (phone for SMS, email for EMAIL, "
                + "wechatOpenId for WECHAT, pushToken for PUSH)")
        public boolean isPreferredChannelsReachable() {
            return preferredChannels == null || preferredChannels.stream().allMatch(this::hasAddress);
        }

        private boolean hasAddress(Channel channel) {
            if (channel == null) {
                return true;
            }
            return switch (channel) {
                case SMS -> phone != null;
                case EMAIL -> email != null;
                case WECHAT -> wechatOpenId != null;
                case PUSH -> pushToken != null;
                case IN_APP -> true;
            };
        }
    }

    public record Vehicle(
            @NotBlank @Pattern(regexp = "[A-HJ-NPR-Z0-9]{17}", message = "must be a 17-character VIN (no I, O or Q)")
            String vin,
            @NotBlank @Size(max = 60) String make,
            @NotBlank @Size(max = 60) String model,
            @NotNull @DecimalMin(value = "0.01", message = "must be positive") @Digits(integer = 13, fraction = 2)
            BigDecimal price) {
    }

    /** Car loans in China run at most five years. */
    public record Terms(
            @NotNull @DecimalMin(value = "1000.00", message = "must be at least 1000.00") @Digits(integer = 13, fraction = 2)
            BigDecimal principal,
            @NotNull @Min(1) @Max(60) Integer termMonths,
            @NotNull @DecimalMin(value = "0", message = "must not be negative")
            @DecimalMax(value = "0.24", message = "must be at most 0.24") @Digits(integer = 1, fraction = 6)
            BigDecimal annualRate,
            @NotNull RepaymentMethod repaymentMethod) {
    }

    @AssertTrue(message = "loan.principal must not exceed vehicle.price")
    public boolean isPrincipalWithinVehiclePrice() {
        return loan == null || vehicle == null || loan.principal() == null || vehicle.price() == null
                || loan.principal().compareTo(vehicle.price()) <= 0;
    }
}
