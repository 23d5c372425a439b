package com.loanflow.process;

import static com.loanflow.process.ProcessConstants.NOTIFY_BORROWER;
import static com.loanflow.process.ProcessConstants.VAR_NOTICE_EVENT;
import static com.loanflow.process.ProcessConstants.VAR_NOTICE_REFERENCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.loanflow.notice.NoticeEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;

/**
 * The Modeler's "Send notice to borrower" template offers exactly the notice events the application knows, and
 * produces the same call activity as the lifecycle's hand-written notice calls, each of which passes a known event.
 */
class ElementTemplateTest {

    private static final Path TEMPLATE = Path.of(".camunda/element-templates/notify-borrower.json");
    private static final Path LIFECYCLE = Path.of("bpmn/loan-lifecycle.bpmn");
    private static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    private static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";
    private static final Set<String> REFERENCED_EVENTS = Set.of("REPAYMENT_RECEIVED", "REPAYMENT_DUE",
            "REPAYMENT_OVERDUE", "REPAYMENT_REVERSED");

    private static JsonNode template;
    private static List<Element> noticeCalls;

    @BeforeAll
    static void readModels() throws Exception {
        template = new ObjectMapper().readTree(TEMPLATE.toFile());
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document lifecycle = factory.newDocumentBuilder().parse(LIFECYCLE.toFile());
        noticeCalls = new ArrayList<>();
        NodeList calls = lifecycle.getElementsByTagNameNS(BPMN, "callActivity");
        for (int i = 0; i < calls.getLength(); i++) {
            Element call = (Element) calls.item(i);
            if (NOTIFY_BORROWER.equals(call.getAttribute("calledElement"))) {
                noticeCalls.add(call);
            }
        }
    }

    @Test
    void givenTheTemplate_whenItsEventDropdownIsRead_thenItListsExactlyTheNoticeEvents() {
        JsonNode event = property("camunda:in", VAR_NOTICE_EVENT);

        assertThat(template.path("id").asText()).isEqualTo("com.loanflow.notify-borrower");
        assertThat(template.path("appliesTo").get(0).asText()).isEqualTo("bpmn:CallActivity");
        assertThat(event.path("type").asText()).isEqualTo("Dropdown");
        assertThat(event.path("binding").path("expression").asBoolean()).isTrue();
        assertThat(StreamSupport.stream(event.path("choices").spliterator(), false)
                .map(choice -> choice.path("value").asText()))
                .containsExactly(Arrays.stream(NoticeEvent.values()).map(Enum::name).toArray(String[]::new));
        assertThat(event.path("choices")).allSatisfy(choice ->
                assertThat(choice.path("name").asText()).isNotBlank().isNotEqualTo(choice.path("value").asText()));
    }

    @Test
    void givenTheLifecycle_whenItsNoticeCallsAreRead_thenEachPassesANoticeEvent() {
        Set<String> known = new HashSet<>(Arrays.stream(NoticeEvent.values()).map(Enum::name).toList());

        assertThat(noticeCalls).isNotEmpty();
        for (Element call : noticeCalls) {
            String event = in(call, VAR_NOTICE_EVENT).get("sourceExpression");
            assertThat(event).as("event passed by %s", call.getAttribute("id")).isIn(known);
        }
    }

    @Test
    void givenTheTemplate_whenAppliedToALifecycleNoticeCall_thenItProducesTheMappingsThatCallHas() {
        for (Element call : noticeCalls) {
            String id = call.getAttribute("id");
            String event = in(call, VAR_NOTICE_EVENT).get("sourceExpression");
            Map<String, String> reference = in(call, VAR_NOTICE_REFERENCE);
            // The template always maps the reference: ${null} where the event needs none, which the engine passes
            // as an absent variable.
            String referenceValue = reference.isEmpty() ? "${null}" : reference.get("sourceExpression");
            List<Map<String, String>> actual = new ArrayList<>(ins(call));
            if (reference.isEmpty()) {
                actual.add(Map.of("sourceExpression", "${null}", "target", VAR_NOTICE_REFERENCE));
            }

            assertThat(call.getAttribute("calledElement")).as(id).isEqualTo(hidden("property", "calledElement"));
            assertThat(call.getAttributeNS(CAMUNDA, "calledElementBinding")).as(id)
                    .isEqualTo(hidden("property", "camunda:calledElementBinding"));
            assertThat(actual).as(id)
                    .containsExactlyInAnyOrderElementsOf(templateIns(Map.of(VAR_NOTICE_EVENT, event,
                            VAR_NOTICE_REFERENCE, referenceValue)));
            assertThat(reference.isEmpty()).as("%s (%s) passes a reference", id, event)
                    .isNotEqualTo(REFERENCED_EVENTS.contains(event));
        }
    }

    /** The camunda:in elements the Modeler writes for this template, given the analyst's value per target. */
    private static List<Map<String, String>> templateIns(Map<String, String> chosen) {
        List<Map<String, String>> ins = new ArrayList<>();
        for (JsonNode property : template.path("properties")) {
            JsonNode binding = property.path("binding");
            String target = binding.path("target").asText();
            String value = chosen.getOrDefault(target, property.path("value").asText());
            switch (binding.path("type").asText()) {
                case "camunda:in:businessKey" -> ins.add(Map.of("businessKey", value));
                case "camunda:in" -> ins.add(Map.of(binding.path("expression").asBoolean() ? "sourceExpression"
                        : "source", value, "target", target));
                default -> {
                    // property bindings are attributes of the call activity, checked separately
                }
            }
        }
        return ins;
    }

    private static JsonNode property(String bindingType, String target) {
        return StreamSupport.stream(template.path("properties").spliterator(), false)
                .filter(p -> p.path("binding").path("type").asText().equals(bindingType)
                        && p.path("binding").path("target").asText().equals(target))
                .findFirst().orElseThrow(() -> new AssertionError("no " + bindingType + " property for " + target));
    }

    private static String hidden(String bindingType, String name) {
        return StreamSupport.stream(template.path("properties").spliterator(), false)
                .filter(p -> p.path("binding").path("type").asText().equals(bindingType)
                        && p.path("binding").path("name").asText().equals(name))
                .peek(p -> assertThat(p.path("type").asText()).isEqualTo("Hidden"))
                .map(p -> p.path("value").asText())
                .findFirst().orElseThrow(() -> new AssertionError("no " + bindingType + " property " + name));
    }

    private static List<Map<String, String>> ins(Element call) {
        List<Map<String, String>> ins = new ArrayList<>();
        NodeList elements = call.getElementsByTagNameNS(CAMUNDA, "in");
        for (int i = 0; i < elements.getLength(); i++) {
            NamedNodeMap attributes = elements.item(i).getAttributes();
            Map<String, String> in = new LinkedHashMap<>();
            for (int a = 0; a < attributes.getLength(); a++) {
                in.put(attributes.item(a).getLocalName(), attributes.item(a).getNodeValue());
            }
            ins.add(in);
        }
        return ins;
    }

    private static Map<String, String> in(Element call, String target) {
        return ins(call).stream().filter(in -> target.equals(in.get("target"))).findFirst().orElse(Map.of());
    }
}
