package com.loanflow.notice;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The notice templates in {@code templates/notices/<EVENT>.yaml}: one file per event, versioned, with a subject and
 * body per language. Loaded once at start-up and refused there, naming the file, if any event lacks a language or a
 * template uses a parameter its event does not provide, so a broken template never reaches a borrower.
 */
@Component
public class NoticeTemplates {

    public static final List<String> LANGUAGES = List.of("zh-CN", "en");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    private final Map<NoticeEvent, Template> templates;

    public NoticeTemplates() {
        this("classpath*:templates/notices/*.yaml");
    }

    NoticeTemplates(String locationPattern) {
        this.templates = load(locationPattern);
    }

    /** A rendered notice: what the borrower reads, and which template version produced it. */
    public record Rendered(String subject, String body, int version) {
    }

    record Text(String subject, String body) {
    }

    record Template(NoticeEvent event, int version, Map<String, Text> texts,
                    Map<String, Map<String, Map<String, String>>> labels) {
    }

    public Rendered render(NoticeEvent event, String language, Map<String, String> parameters) {
        Template template = templates.get(event);
        Text text = template.texts().get(LANGUAGES.contains(language) ? language : LANGUAGES.get(0));
        Map<String, String> localized = new java.util.HashMap<>(parameters);
        template.labels().forEach((parameter, byLanguage) -> {
            String code = parameters.get(parameter);
            Map<String, String> labels = byLanguage.getOrDefault(language, Map.of());
            if (code != null && labels.containsKey(code)) {
                localized.put(parameter, labels.get(code));
            }
        });
        return new Rendered(fill(text.subject(), localized), fill(text.body(), localized), template.version());
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

    private static Map<NoticeEvent, Template> load(String locationPattern) {
        Map<NoticeEvent, Template> loaded = new EnumMap<>(NoticeEvent.class);
        List<String> problems = new ArrayList<>();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources(locationPattern)) {
                String file = resource.getFilename();
                try (InputStream in = resource.getInputStream()) {
                    Template template = parse(file, new Yaml(new SafeConstructor(new LoaderOptions())).load(in), problems);
                    if (template != null) {
                        loaded.put(template.event(), template);
                    }
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

    @SuppressWarnings("unchecked")
    private static Template parse(String file, Object document, List<String> problems) {
        if (!(document instanceof Map<?, ?> yaml)) {
            problems.add(file + " is not a YAML mapping");
            return null;
        }
        NoticeEvent event;
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
        Set<String> allowed = new LinkedHashSet<>(event.parameters());
        Map<String, Text> texts = new java.util.HashMap<>();
        for (String language : LANGUAGES) {
            if (!(yaml.get(language) instanceof Map<?, ?> section)
                    || !(section.get("subject") instanceof String subject) || !(section.get("body") instanceof String body)) {
                problems.add(file + " lacks a subject and body for language " + language);
                continue;
            }
            for (String text : List.of(subject, body)) {
                Matcher matcher = PLACEHOLDER.matcher(text);
                while (matcher.find()) {
                    if (!allowed.contains(matcher.group(1))) {
                        problems.add(file + " (" + language + ") uses parameter {" + matcher.group(1)
                                + "}, which event " + event + " does not provide; it provides " + allowed);
                    }
                }
            }
            texts.put(language, new Text(subject, body));
        }
        Object labels = yaml.get("labels") == null ? Map.of() : yaml.get("labels");
        return new Template(event, version, texts, (Map<String, Map<String, Map<String, String>>>) labels);
    }
}
