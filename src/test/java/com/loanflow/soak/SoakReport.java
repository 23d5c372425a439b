package com.loanflow.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The soak's figures as a Markdown table, printed on every run and written to {@code target/soak-report.md}. */
final class SoakReport {

    static final Path FILE = Path.of("target", "soak-report.md");
    private static final int SHOWN_PER_INVARIANT = 25;

    private SoakReport() {
    }

    record Figures(long seed, List<SoakLoan> loans, int rounds, Duration wall, Duration engineTime, long requests,
                   int serverErrors, int providerSends, int duplicates, Map<String, Long> faults,
                   SoakInvariants.Verdict verdict, String crashedNode, List<String> notes) {
    }

    static String table(Figures f) {
        SoakInvariants.Verdict v = f.verdict();
        long paidOff = f.loans().stream().filter(l -> l.paidOff).count();
        long overpaid = f.loans().stream().filter(l -> l.paidOff && l.payoff == SoakLoan.Payoff.OVERPAID).count();
        long rejected = f.loans().stream().filter(l -> l.rejected).count();
        long repaidAgain = f.loans().stream().filter(l -> l.payoffs.size() > 1).count();
        StringBuilder out = new StringBuilder();
        out.append("## Delivery soak: seed ").append(f.seed()).append(", ").append(f.loans().size())
                .append(" loans\n\n");
        out.append("| figure | value |\n| --- | --- |\n");
        row(out, "loans", f.loans().size() + " (" + paidOff + " paid off, of which " + overpaid + " overpaid and "
                + repaidAgain + " paid off again after a reversal; " + rejected + " rejected)");
        row(out, "notices", String.valueOf(v.notices));
        row(out, "sends the providers logged", String.valueOf(f.providerSends()));
        row(out, "faults injected", f.faults().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")));
        row(out, "final notice states", v.finalStates.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")));
        row(out, "duplicates (a notice reached a borrower's address twice)", String.valueOf(f.duplicates()));
        row(out, "lost notices (not confirmed and in nobody's hands)", String.valueOf(v.lost));
        row(out, "longest from a notice raised to its staff task (engine time)", human(v.longestToStaff) + " ("
                + v.longestToStaffNotice + ")" + (v.lost > 0 ? "; never, for the " + v.lost + " lost notices" : ""));
        row(out, "longest from a payoff to its LOAN_SETTLED notice", human(v.longestSettledNoticeDelay));
        row(out, "client requests the soak made (of which 5xx)", f.requests() + " (" + f.serverErrors() + ")");
        row(out, "node crashed", f.crashedNode());
        row(out, "rounds, engine time covered, wall time", f.rounds() + ", " + human(f.engineTime()) + ", "
                + human(f.wall()));
        v.violations.forEach((invariant, found) -> row(out, invariant, found.isEmpty() ? "holds"
                : found.size() + " violations"));
        return out.toString();
    }

    static String violations(SoakInvariants.Verdict verdict, int limit) {
        StringBuilder out = new StringBuilder();
        verdict.violations.forEach((invariant, found) -> {
            if (!found.isEmpty()) {
                out.append("\n### ").append(invariant).append(": ").append(found.size()).append(" violations\n");
                found.stream().limit(limit).forEach(v -> out.append("- ").append(v).append('\n'));
                if (found.size() > limit) {
                    out.append("- … and ").append(found.size() - limit).append(" more (target/soak-report.md)\n");
                }
            }
        });
        return out.toString();
    }

    static void write(Figures figures) {
        StringBuilder file = new StringBuilder(table(figures));
        file.append(violations(figures.verdict(), Integer.MAX_VALUE));
        if (!figures.notes().isEmpty()) {
            file.append("\n### What the harness could not do as planned (not a verdict)\n");
            figures.notes().forEach(n -> file.append("- ").append(n).append('\n'));
        }
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, file.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int shown() {
        return SHOWN_PER_INVARIANT;
    }

    private static void row(StringBuilder out, String figure, String value) {
        out.append("| ").append(figure).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
    }

    private static String human(Duration d) {
        if (d.toDays() > 0) {
            return d.toDays() + " d " + d.toHoursPart() + " h " + d.toMinutesPart() + " min";
        }
        if (d.toHours() > 0) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        return d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }
}
