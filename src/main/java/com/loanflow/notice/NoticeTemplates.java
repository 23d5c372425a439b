package com.loanflow.notice;

import com.loanflow.borrower.Channel;
import com.loanflow.notice.channel.ChannelContent;
import com.loanflow.notice.channel.ChannelContent.TemplateReference;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The notice templates: one file {@code <EVENT>.yaml} per event under {@link NoticeSettings#templates()}, versioned,
 * with per language the notice's subject and body (the e-mail and in-app text), the SMS text, the push alert, the
 * SMS gateway's approved template with its parameters, and the WeChat template message; beside them
 * {@value #SMS_APPROVED_TEMPLATES}, what the SMS gateway has approved.
 *
 * <p>Loaded once at start-up and refused there, with every problem in one message naming file, language and channel,
 * if any event lacks a language or a channel's content, uses a parameter its event does not provide, sends an SMS
 * template the gateway has not approved or with other parameters than approved, or has an SMS text too long to
 * send: so a template a provider would reject is caught before a borrower's notice depends on it.
 */
@Component
public class NoticeTemplates {

    public static final List<String> LANGUAGES = List.of("zh-CN", "en");
    public static final String SMS_APPROVED_TEMPLATES = "sms-approved-templates.yaml";

    /** Aliyun SMS refuses a message whose TemplateParam has a value longer than this. */
    static final int SMS_PARAMETER_LIMIT = 35;
    /** Room left for the signature (【…】) the gateway puts in front of a Chinese SMS. */
    static final int SMS_SIGNATURE_ALLOWANCE = 10;
    /**
     * The longest SMS text LoanFlow sends: two segments in Chinese with the signature the gateway adds, one in English.
     * Longer messages cost more segments and are reassembled unreliably by some handsets.
     */
    static final Map<String, Integer> SMS_LIMIT = Map.of("zh-CN", 140 - SMS_SIGNATURE_ALLOWANCE, "en", 160);
    /** Longest push alert a lock screen shows without cutting it off. */
    static final Map<String, Integer> PUSH_LIMIT = Map.of("zh-CN", 60, "en", 100);

    private static final String SHIPPED = "classpath*:templates/notices/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");
    private static final Pattern GATEWAY_PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9_]*)}");
    private static final Pattern SMS_TEMPLATE_CODE = Pattern.compile("SMS_[0-9]+");

    /**
     * The widest value each parameter is expected to take, for the length checks; a parameter with labels is as wide
     * as its longest label. Ids are {@code LN-} and 12 characters, dates ISO, amounts up to 9 999 999.99.
     */
    private static final Map<String, Integer> WIDTH = Map.ofEntries(
            Map.entry("name", 12), Map.entry("loanId", 15), Map.entry("vehicle", 24), Map.entry("vin", 17),
            Map.entry("termMonths", 3), Map.entry("instalmentNumber", 3), Map.entry("annualRate", 6),
            Map.entry("dueDate", 10), Map.entry("firstDueDate", 10), Map.entry("paidDate", 10),
            Map.entry("settledDate", 10), Map.entry("certificateNumber", 15),
            Map.entry("disbursementReference", 24), Map.entry("lienReleaseReference", 24),
            Map.entry("principal", 10), Map.entry("firstInstalment", 10), Map.entry("amountDue", 10),
            Map.entry("amount", 10), Map.entry("remainingPrincipal", 10), Map.entry("amountOverdue", 10),
            Map.entry("penalties", 10), Map.entry("remainingInterest", 10), Map.entry("remainingFees", 10),
            Map.entry("remainingPenalties", 10), Map.entry("remainingTotal", 10), Map.entry("overpaidAmount", 10),
            Map.entry("reversalReason", 300));
    private static final int DEFAULT_WIDTH = 20;

    private final Map<NoticeEvent, Template> templates;

    /** The templates at {@code loanflow.notice.templates}. */
    @Autowired
    public NoticeTemplates(NoticeSettings settings) {
        this(eventFiles(settings.templates()));
    }

    /** The shipped templates. */
    NoticeTemplates() {
        this(SHIPPED + "*.yaml");
    }

    /** The event files matching {@code locationPattern} ({@code file:/some/dir/*.yaml}), the registry beside them. */
    NoticeTemplates(String locationPattern) {
        this.templates = load(locationPattern);
    }

    /** A rendered notice: what the borrower reads, and which template version produced it. */
    public record Rendered(String subject, String body, int version) {
    }

    /** One language of one event: the notice's own text and each channel's content. */
    record Section(String subject, String body, String sms, String push, GatewayTemplate smsTemplate,
                   GatewayTemplate wechatTemplate) {
    }

    /** A template the provider holds (SMS template code, WeChat template id) and how each of its fields is filled. */
    record GatewayTemplate(String id, Map<String, String> fields) {
    }

    /** Parameter → language → code → what the borrower reads for that code. */
    record Labels(Map<String, Map<String, Map<String, String>>> byParameter) {

        static final Labels NONE = new Labels(Map.of());

        String label(String parameter, String language, String code) {
            return byParameter.getOrDefault(parameter, Map.of()).getOrDefault(language, Map.of()).get(code);
        }
    }

    record Template(NoticeEvent event, int version, Map<String, Section> sections, Labels labels,
                    Labels shortLabels) {
    }

    /** An SMS template as the gateway approved it: {@code ${param}} placeholders, one language per code. */
    record ApprovedSmsTemplate(String code, String provider, String language, List<String> params, String content) {
    }

    public Rendered render(NoticeEvent event, String language, Map<String, String> parameters) {
        Template template = templates.get(event);
        String lang = supported(language);
        Section section = template.sections().get(lang);
        Map<String, String> values = localize(template, lang, parameters, false);
        return new Rendered(fill(section.subject(), values), fill(section.body(), values), template.version());
    }

    /**
     * The notice rendered for one channel: SMS gets its short text and the approved SMS template with the values of
     * its parameters; PUSH the subject as title and the push alert; WECHAT the subject, the body as fallback text and
     * the template message; EMAIL and IN_APP the subject and body. Labelled codes (a rejection reason) read in the
     * borrower's language everywhere, in their short form where space is short (SMS, push, template fields).
     */
    public ChannelContent render(NoticeEvent event, String language, Channel channel, Map<String, String> parameters) {
        Template template = templates.get(event);
        String lang = supported(language);
        Section section = template.sections().get(lang);
        Map<String, String> full = localize(template, lang, parameters, false);
        Map<String, String> brief = localize(template, lang, parameters, true);
        return switch (channel) {
            case SMS -> new ChannelContent(null, fill(section.sms(), brief),
                    reference(section.smsTemplate(), brief), null);
            case PUSH -> new ChannelContent(fill(section.subject(), full), fill(section.push(), brief), null, null);
            case WECHAT -> new ChannelContent(fill(section.subject(), full), fill(section.body(), full), null,
                    reference(section.wechatTemplate(), brief));
            case EMAIL, IN_APP -> ChannelContent.text(fill(section.subject(), full), fill(section.body(), full));
        };
    }

    private static String supported(String language) {
        return LANGUAGES.contains(language) ? language : LANGUAGES.get(0);
    }

    private static Map<String, String> localize(Template template, String language, Map<String, String> parameters,
                                                boolean brief) {
        Map<String, String> localized = new HashMap<>(parameters);
        Set<String> labelled = new LinkedHashSet<>(template.labels().byParameter().keySet());
        labelled.addAll(template.shortLabels().byParameter().keySet());
        for (String parameter : labelled) {
            String code = parameters.get(parameter);
            if (code == null) {
                continue;
            }
            String label = brief ? template.shortLabels().label(parameter, language, code) : null;
            if (label == null) {
                label = template.labels().label(parameter, language, code);
            }
            if (label != null) {
                localized.put(parameter, label);
            }
        }
        return localized;
    }

    private static TemplateReference reference(GatewayTemplate template, Map<String, String> values) {
        Map<String, String> fields = new LinkedHashMap<>();
        template.fields().forEach((field, text) -> fields.put(field, fill(text, values)));
        return new TemplateReference(template.id(), Collections.unmodifiableMap(fields));
    }

    private static String fill(String text, Map<String, String> parameters) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = parameters.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("Notice parameter " + matcher.group(1) + " has no value");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String eventFiles(String location) {
        return (location.endsWith("/") ? location : location + "/") + "*.yaml";
    }

    private static Map<NoticeEvent, Template> load(String locationPattern) {
        String location = locationPattern.substring(0, locationPattern.lastIndexOf('/') + 1);
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        List<String> problems = new ArrayList<>();
        Map<NoticeEvent, Template> loaded = new EnumMap<>(NoticeEvent.class);
        try {
            // A location without a wildcard resolves to a resource whether or not it exists.
            Resource[] registry = Arrays.stream(resolver.getResources(location + SMS_APPROVED_TEMPLATES))
                    .filter(Resource::exists).toArray(Resource[]::new);
            Map<String, ApprovedSmsTemplate> approved = loadApproved(registry, location, problems);
            for (Resource resource : resolver.getResources(locationPattern)) {
                String file = resource.getFilename();
                if (SMS_APPROVED_TEMPLATES.equals(file)) {
                    continue;
                }
                Template template = new TemplateFile(file, approved, problems).parse(read(resource, problems));
                if (template != null) {
                    loaded.put(template.event(), template);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the notice templates at " + locationPattern, e);
        }
        for (NoticeEvent event : NoticeEvent.values()) {
            if (!loaded.containsKey(event)) {
                problems.add("no template for event " + event + " (expected templates/notices/" + event + ".yaml)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Notice templates are not usable: " + String.join("; ", problems));
        }
        return loaded;
    }

    private static Object read(Resource resource, List<String> problems) throws IOException {
        LoaderOptions options = new LoaderOptions();
        // A key given twice is a mistake: the first would silently be lost.
        options.setAllowDuplicateKeys(false);
        try (InputStream in = resource.getInputStream()) {
            return new Yaml(new SafeConstructor(options)).load(in);
        } catch (YAMLException e) {
            problems.add(resource.getFilename() + " is not valid YAML: " + e.getMessage().replace('\n', ' '));
            return Map.of();
        }
    }

    /** The registry, or null when it is missing or unreadable (reported once, not once per template). */
    private static Map<String, ApprovedSmsTemplate> loadApproved(Resource[] resources, String location,
                                                                 List<String> problems) throws IOException {
        if (resources.length == 0) {
            problems.add("no " + SMS_APPROVED_TEMPLATES + " (the SMS templates the gateway has approved) at "
                    + location);
            return null;
        }
        Map<String, ApprovedSmsTemplate> approved = new LinkedHashMap<>();
        int before = problems.size();
        for (Resource resource : resources) {
            if (!(read(resource, problems) instanceof Map<?, ?> registry)) {
                problems.add(SMS_APPROVED_TEMPLATES + " is not a YAML mapping of template code to template");
                continue;
            }
            registry.forEach((key, value) -> {
                ApprovedSmsTemplate template = approvedTemplate(String.valueOf(key), value, problems);
                if (template != null) {
                    approved.put(template.code(), template);
                }
            });
        }
        return problems.size() > before ? null : approved;
    }

    private static ApprovedSmsTemplate approvedTemplate(String code, Object value, List<String> problems) {
        String where = SMS_APPROVED_TEMPLATES + " " + code;
        if (!SMS_TEMPLATE_CODE.matcher(code).matches()) {
            problems.add(where + " is not a gateway template code (SMS_ and digits)");
            return null;
        }
        if (!(value instanceof Map<?, ?> entry)
                || !(entry.get("provider") instanceof String provider) || provider.isBlank()
                || !(entry.get("language") instanceof String language)
                || !(entry.get("content") instanceof String content) || content.isBlank()
                || !(entry.get("params") instanceof List<?> declared)) {
            problems.add(where + " needs provider, language, params (a list) and content");
            return null;
        }
        if (!LANGUAGES.contains(language)) {
            problems.add(where + " is approved for language " + language + "; notices are in " + LANGUAGES);
            return null;
        }
        List<String> params = declared.stream().map(String::valueOf).toList();
        Set<String> used = new LinkedHashSet<>();
        Matcher matcher = GATEWAY_PLACEHOLDER.matcher(content);
        while (matcher.find()) {
            used.add(matcher.group(1));
        }
        if (!used.equals(new LinkedHashSet<>(params)) || params.size() != used.size()) {
            problems.add(where + " lists params " + params + " but its content uses " + used);
            return null;
        }
        return new ApprovedSmsTemplate(code, provider, language, params, content);
    }

    /** One event file being read: every problem found goes to {@code problems}, prefixed with the file. */
    private static final class TemplateFile {

        private static final String NOTICE_TEXT = "EMAIL, IN_APP, PUSH, WECHAT";

        private final String file;
        private final Map<String, ApprovedSmsTemplate> approved;
        private final List<String> problems;
        private NoticeEvent event;
        private Set<String> allowed;
        private Labels labels;
        private Labels shortLabels;

        TemplateFile(String file, Map<String, ApprovedSmsTemplate> approved, List<String> problems) {
            this.file = file;
            this.approved = approved;
            this.problems = problems;
        }

        Template parse(Object document) {
            if (!(document instanceof Map<?, ?> yaml)) {
                problems.add(file + " is not a YAML mapping");
                return null;
            }
            try {
                event = NoticeEvent.valueOf(String.valueOf(yaml.get("event")));
            } catch (IllegalArgumentException e) {
                problems.add(file + " names an unknown event " + yaml.get("event"));
                return null;
            }
            if (!file.equals(event + ".yaml")) {
                problems.add(file + " holds event " + event + "; its file must be named " + event + ".yaml");
            }
            if (!(yaml.get("version") instanceof Integer version) || version < 1) {
                problems.add(file + " needs a positive integer version");
                return null;
            }
            allowed = new LinkedHashSet<>(event.parameters());
            labels = labels("labels", yaml.get("labels"), null);
            shortLabels = labels("shortLabels", yaml.get("shortLabels"), labels);
            Map<String, Section> sections = new HashMap<>();
            for (String language : LANGUAGES) {
                if (!(yaml.get(language) instanceof Map<?, ?> section)
                        || !(section.get("subject") instanceof String subject)
                        || !(section.get("body") instanceof String body)) {
                    problems.add(file + " lacks a subject and body for language " + language);
                    continue;
                }
                checkPlaceholders(language, NOTICE_TEXT + ": subject", subject);
                checkPlaceholders(language, "EMAIL, IN_APP, WECHAT: body", body);
                String sms = text(section, language, "SMS", "sms");
                if (sms != null) {
                    checkLength(language, "SMS", "sms text", sms, SMS_LIMIT.get(language));
                }
                String push = text(section, language, "PUSH", "push");
                if (push != null) {
                    checkLength(language, "PUSH", "push text", push, PUSH_LIMIT.get(language));
                }
                GatewayTemplate smsTemplate = smsTemplate(section.get("smsTemplate"), language);
                GatewayTemplate wechatTemplate = wechatTemplate(section.get("wechatTemplate"), language);
                sections.put(language, new Section(subject, body, sms, push, smsTemplate, wechatTemplate));
            }
            return new Template(event, (Integer) yaml.get("version"), sections, labels, shortLabels);
        }

        private String where(String language, String channel) {
            return file + " (" + language + ", " + channel + ")";
        }

        private String text(Map<?, ?> section, String language, String channel, String key) {
            if (!(section.get(key) instanceof String text) || text.isBlank()) {
                problems.add(where(language, channel) + " lacks the " + key + " text");
                return null;
            }
            checkPlaceholders(language, channel + ": " + key, text);
            return text;
        }

        private void checkPlaceholders(String language, String channel, String text) {
            Matcher matcher = PLACEHOLDER.matcher(text);
            while (matcher.find()) {
                if (!allowed.contains(matcher.group(1))) {
                    problems.add(where(language, channel) + " uses parameter {" + matcher.group(1)
                            + "}, which event " + event + " does not provide; it provides " + allowed);
                }
            }
        }

        private void checkLength(String language, String channel, String what, String text, int limit) {
            int width = width(text, language);
            if (width > limit) {
                problems.add(where(language, channel) + " " + what + " is up to " + width
                        + " characters with its parameters filled in; at most " + limit + " can be sent"
                        + ("SMS".equals(channel) && "zh-CN".equals(language)
                        ? " (140 less " + SMS_SIGNATURE_ALLOWANCE + " for the gateway's signature)" : ""));
            }
        }

        /** How long {@code text} can get: each placeholder counted at its parameter's widest expected value. */
        private int width(String text, String language) {
            Matcher matcher = PLACEHOLDER.matcher(text);
            int width = 0;
            int last = 0;
            while (matcher.find()) {
                width += text.codePointCount(last, matcher.start()) + parameterWidth(matcher.group(1), language);
                last = matcher.end();
            }
            return width + text.codePointCount(last, text.length());
        }

        private int parameterWidth(String parameter, String language) {
            Map<String, String> longForm = labels.byParameter().getOrDefault(parameter, Map.of())
                    .getOrDefault(language, Map.of());
            if (!longForm.isEmpty()) {
                Map<String, String> shortForm = shortLabels.byParameter().getOrDefault(parameter, Map.of())
                        .getOrDefault(language, Map.of());
                return longForm.keySet().stream()
                        .map(code -> shortForm.getOrDefault(code, longForm.get(code)))
                        .mapToInt(label -> label.codePointCount(0, label.length())).max().orElse(0);
            }
            return WIDTH.getOrDefault(parameter, DEFAULT_WIDTH);
        }

        private GatewayTemplate smsTemplate(Object value, String language) {
            String where = where(language, "SMS");
            if (!(value instanceof Map<?, ?> template)
                    || !(template.get("code") instanceof String code) || code.isBlank()) {
                problems.add(where + " lacks an smsTemplate with a code (the template the SMS gateway approved)");
                return null;
            }
            Map<String, String> params = fields(template.get("params"), where + " smsTemplate " + code + " params");
            if (params == null) {
                return null;
            }
            params.forEach((name, text) -> {
                checkPlaceholders(language, "SMS: smsTemplate " + code + " param " + name, text);
                int width = width(text, language);
                if (width > SMS_PARAMETER_LIMIT) {
                    problems.add(where + " smsTemplate " + code + " param " + name + " is up to " + width
                            + " characters; the gateway accepts at most " + SMS_PARAMETER_LIMIT
                            + " per parameter (pass a short value, not a sentence)");
                }
            });
            if (approved == null) {
                return new GatewayTemplate(code, params);
            }
            ApprovedSmsTemplate registered = approved.get(code);
            if (registered == null) {
                problems.add(where + " uses SMS template " + code + ", which is not in " + SMS_APPROVED_TEMPLATES
                        + " (the templates the gateway has approved)");
                return new GatewayTemplate(code, params);
            }
            if (!registered.language().equals(language)) {
                problems.add(where + " uses SMS template " + code + ", which is approved for language "
                        + registered.language() + ", not " + language);
            }
            for (String name : params.keySet()) {
                if (!registered.params().contains(name)) {
                    problems.add(where + " uses parameter " + name + " in SMS template " + code
                            + ", which its approved code does not have (" + code + " has " + registered.params() + ")");
                }
            }
            for (String name : registered.params()) {
                if (!params.containsKey(name)) {
                    problems.add(where + " does not pass parameter " + name + ", which approved SMS template "
                            + code + " requires");
                }
            }
            return new GatewayTemplate(code, params);
        }

        private GatewayTemplate wechatTemplate(Object value, String language) {
            String where = where(language, "WECHAT");
            if (!(value instanceof Map<?, ?> template)
                    || !(template.get("id") instanceof String id) || id.isBlank()) {
                problems.add(where + " lacks a wechatTemplate with an id (the official account's template id)");
                return null;
            }
            Map<String, String> data = fields(template.get("data"), where + " wechatTemplate data");
            if (data == null) {
                return null;
            }
            if (data.isEmpty()) {
                problems.add(where + " wechatTemplate has no data fields");
            }
            data.forEach((field, text) ->
                    checkPlaceholders(language, "WECHAT: wechatTemplate.data." + field, text));
            return new GatewayTemplate(id, data);
        }

        /** A mapping of field name to text, in file order; null (and a problem) when it is anything else. */
        private Map<String, String> fields(Object value, String where) {
            if (value == null) {
                return new LinkedHashMap<>();
            }
            if (!(value instanceof Map<?, ?> map)) {
                problems.add(where + " must be a mapping of name to text");
                return null;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            map.forEach((name, text) -> {
                if (text instanceof String string) {
                    fields.put(String.valueOf(name), string);
                } else {
                    problems.add(where + " field " + name + " must be text (quote it)");
                }
            });
            return fields;
        }

        /** {@code labels} or {@code shortLabels}; short labels only for codes that have a label. */
        private Labels labels(String key, Object value, Labels known) {
            if (value == null) {
                return Labels.NONE;
            }
            Map<String, Map<String, Map<String, String>>> parsed = new LinkedHashMap<>();
            if (!(value instanceof Map<?, ?> byParameter)) {
                problems.add(file + " " + key + " must map parameter to language to code to text");
                return Labels.NONE;
            }
            byParameter.forEach((parameter, byLanguage) -> {
                String where = file + " " + key + "." + parameter;
                if (!allowed.contains(String.valueOf(parameter))) {
                    problems.add(where + " labels a parameter event " + event + " does not provide");
                    return;
                }
                if (!(byLanguage instanceof Map<?, ?> languages)) {
                    problems.add(where + " must map language to code to text");
                    return;
                }
                Map<String, Map<String, String>> parsedLanguages = new LinkedHashMap<>();
                languages.forEach((language, byCode) -> {
                    if (!(byCode instanceof Map<?, ?> codes)) {
                        problems.add(where + "." + language + " must map code to text");
                        return;
                    }
                    Map<String, String> texts = new LinkedHashMap<>();
                    codes.forEach((code, text) -> {
                        if (!(text instanceof String string)) {
                            problems.add(where + "." + language + "." + code + " must be text");
                        } else if (known != null && known.label(String.valueOf(parameter), String.valueOf(language),
                                String.valueOf(code)) == null) {
                            problems.add(where + "." + language + "." + code + " has no entry in labels");
                        } else {
                            texts.put(String.valueOf(code), string);
                        }
                    });
                    parsedLanguages.put(String.valueOf(language), texts);
                });
                parsed.put(String.valueOf(parameter), parsedLanguages);
            });
            return new Labels(parsed);
        }
    }

    /**
     * Reads the templates before any other bean is created, so that an application with a broken template stops
     * before it migrates the database, starts the process engine or opens its port, whatever order the beans are
     * created in. The bean reads them again from its validated settings; both reads take milliseconds.
     */
    @Component
    static class StartupCheck implements BeanFactoryPostProcessor, EnvironmentAware {

        private Environment environment;

        @Override
        public void setEnvironment(Environment environment) {
            this.environment = environment;
        }

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            NoticeSettings settings = Binder.get(environment).bindOrCreate("loanflow.notice", NoticeSettings.class);
            new NoticeTemplates(settings);
        }
    }
}
