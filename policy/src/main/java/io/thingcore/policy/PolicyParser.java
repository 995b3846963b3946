package io.thingcore.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a policy document against the IAM grammar AWS IoT accepts (AWS IoT Developer Guide, "AWS IoT Core
 * policies"; the size limit from the AWS General Reference, "AWS IoT Core endpoints and quotas") and compiles it. Every
 * rejection is a {@link MalformedPolicyException} whose message says what is wrong and where.
 */
final class PolicyParser {
    static final int MAX_SIZE = 2048;
    static final String VERSION_2012 = "2012-10-17";
    static final String VERSION_2008 = "2008-10-17";

    private static final Set<String> TOP_LEVEL_KEYS = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_KEYS =
            Set.of("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition");

    /** Strict JSON: duplicate keys and anything after the document are errors; no comments, no single quotes. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private PolicyParser() {}

    /** AWS's size rule: characters of the document, whitespace not counted. */
    static int sizeExcludingWhitespace(String json) {
        int count = 0;
        for (int i = 0; i < json.length(); ) {
            int cp = json.codePointAt(i);
            if (!Character.isWhitespace(cp)) {
                count++;
            }
            i += Character.charCount(cp);
        }
        return count;
    }

    static PolicyDocument parse(String json) {
        if (json == null) {
            throw new MalformedPolicyException("Policy document is missing");
        }
        int size = sizeExcludingWhitespace(json);
        if (size == 0) {
            throw new MalformedPolicyException("Policy document is empty");
        }
        if (size > MAX_SIZE) {
            throw new MalformedPolicyException("Policy document is too large: " + size
                    + " characters excluding whitespace, the limit is " + MAX_SIZE);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new MalformedPolicyException(
                    "Policy document is not valid JSON: " + e.getOriginalMessage() + where, e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedPolicyException("Policy document must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (!TOP_LEVEL_KEYS.contains(e.getKey())) {
                throw new MalformedPolicyException(
                        "Unknown key '" + e.getKey() + "' in policy document; allowed: Version, Id, Statement");
            }
        }
        String version = null;
        JsonNode v = root.get("Version");
        if (v != null) {
            if (!v.isTextual()
                    || !(v.textValue().equals(VERSION_2012) || v.textValue().equals(VERSION_2008))) {
                throw new MalformedPolicyException(
                        "Version must be \"" + VERSION_2012 + "\" or \"" + VERSION_2008 + "\", got " + v);
            }
            version = v.textValue();
        }
        JsonNode id = root.get("Id");
        if (id != null && !id.isTextual()) {
            throw new MalformedPolicyException("Id must be a string, got " + id.getNodeType());
        }
        // IAM: policy variables exist only in version 2012-10-17; elsewhere "${...}" is literal text.
        boolean variables = VERSION_2012.equals(version);
        JsonNode statementNode = root.get("Statement");
        if (statementNode == null) {
            throw new MalformedPolicyException("Policy document has no Statement");
        }
        List<JsonNode> statementNodes = new ArrayList<>();
        if (statementNode.isObject()) {
            statementNodes.add(statementNode);
        } else if (statementNode.isArray()) {
            statementNode.forEach(statementNodes::add);
        } else {
            throw new MalformedPolicyException(
                    "Statement must be an object or an array of objects, got " + statementNode.getNodeType());
        }
        if (statementNodes.isEmpty()) {
            throw new MalformedPolicyException("Statement must not be empty");
        }
        Statement[] statements = new Statement[statementNodes.size()];
        for (int i = 0; i < statements.length; i++) {
            statements[i] = statement(statementNodes.get(i), i, variables);
        }
        return new PolicyDocument(json, version, size, statements);
    }

    private static Statement statement(JsonNode node, int index, boolean variables) {
        String where = "Statement[" + index + "]";
        if (!node.isObject()) {
            throw new MalformedPolicyException(where + " must be an object, got " + node.getNodeType());
        }
        if (node.isEmpty()) {
            throw new MalformedPolicyException(where + " is empty");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = e.getKey();
            if (key.equals("Principal") || key.equals("NotPrincipal")) {
                throw new MalformedPolicyException(where + " has " + key
                        + ", which AWS IoT policies do not support (a policy applies to the principals it is"
                        + " attached to)");
            }
            if (!STATEMENT_KEYS.contains(key)) {
                throw new MalformedPolicyException("Unknown key '" + key + "' in " + where
                        + "; allowed: Sid, Effect, Action, NotAction, Resource, NotResource, Condition");
            }
        }
        String sid = null;
        JsonNode sidNode = node.get("Sid");
        if (sidNode != null) {
            if (!sidNode.isTextual()) {
                throw new MalformedPolicyException(where + ".Sid must be a string, got " + sidNode.getNodeType());
            }
            sid = sidNode.textValue();
        }
        JsonNode effect = node.get("Effect");
        if (effect == null) {
            throw new MalformedPolicyException(where + " has no Effect");
        }
        if (!effect.isTextual()
                || !(effect.textValue().equals("Allow") || effect.textValue().equals("Deny"))) {
            throw new MalformedPolicyException(where + ".Effect must be \"Allow\" or \"Deny\", got " + effect);
        }
        boolean allow = effect.textValue().equals("Allow");

        String actionKey = exactlyOne(node, where, "Action", "NotAction");
        List<String> actionTexts = strings(node.get(actionKey), where + "." + actionKey);
        Template[] actions = new Template[actionTexts.size()];
        for (int i = 0; i < actions.length; i++) {
            String a = actionTexts.get(i);
            checkAction(a, where + "." + actionKey);
            // Actions are case-insensitive in IAM and take no variables.
            actions[i] = Template.compile(a, true, false, true);
        }

        String resourceKey = exactlyOne(node, where, "Resource", "NotResource");
        List<String> resourceTexts = strings(node.get(resourceKey), where + "." + resourceKey);
        Template[] resources = new Template[resourceTexts.size()];
        for (int i = 0; i < resources.length; i++) {
            String r = resourceTexts.get(i);
            if (!r.equals("*") && !r.startsWith("arn:")) {
                throw new MalformedPolicyException(where + "." + resourceKey + " '" + r
                        + "' is not valid: expected \"*\" or an ARN such as"
                        + " \"arn:aws:iot:us-east-1:123456789012:topic/my/topic\"");
            }
            resources[i] = Template.compile(r, true, variables, false);
        }

        List<Condition> conditions = new ArrayList<>();
        JsonNode conditionNode = node.get("Condition");
        if (conditionNode != null) {
            String cw = where + ".Condition";
            if (!conditionNode.isObject()) {
                throw new MalformedPolicyException(cw + " must be an object, got " + conditionNode.getNodeType());
            }
            for (Map.Entry<String, JsonNode> op : conditionNode.properties()) {
                String ow = cw + "." + op.getKey();
                if (!op.getValue().isObject() || op.getValue().isEmpty()) {
                    throw new MalformedPolicyException(ow + " must be a non-empty object of condition keys");
                }
                for (Map.Entry<String, JsonNode> k : op.getValue().properties()) {
                    List<String> values = scalars(k.getValue(), ow + "." + k.getKey());
                    conditions.add(Condition.compile(op.getKey(), k.getKey(), values, ow, variables));
                }
            }
        }
        return new Statement(
                index,
                sid,
                allow,
                actions,
                actionKey.equals("NotAction"),
                resources,
                resourceKey.equals("NotResource"),
                conditions.toArray(Condition[]::new));
    }

    private static String exactlyOne(JsonNode node, String where, String positive, String negative) {
        boolean p = node.has(positive);
        boolean n = node.has(negative);
        if (p && n) {
            throw new MalformedPolicyException(
                    where + " has both " + positive + " and " + negative + "; exactly one is allowed");
        }
        if (!p && !n) {
            throw new MalformedPolicyException(
                    where + " has neither " + positive + " nor " + negative + "; exactly one is required");
        }
        return p ? positive : negative;
    }

    /** A string or a non-empty array of non-empty strings. */
    private static List<String> strings(JsonNode node, String where) {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.textValue());
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    throw new MalformedPolicyException(where + " must contain only strings, got " + item.getNodeType());
                }
                out.add(item.textValue());
            }
        } else {
            throw new MalformedPolicyException(
                    where + " must be a string or an array of strings, got " + node.getNodeType());
        }
        if (out.isEmpty()) {
            throw new MalformedPolicyException(where + " must not be empty");
        }
        for (String s : out) {
            if (s.isEmpty()) {
                throw new MalformedPolicyException(where + " must not contain an empty string");
            }
        }
        return out;
    }

    /** Condition values: a string, number or boolean, or an array of them (IAM accepts all three). */
    private static List<String> scalars(JsonNode node, String where) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode item : node) {
                out.add(scalar(item, where));
            }
        } else {
            out.add(scalar(node, where));
        }
        return out;
    }

    private static String scalar(JsonNode node, String where) {
        if (node.isTextual() || node.isNumber() || node.isBoolean()) {
            return node.asText();
        }
        throw new MalformedPolicyException(
                where + " values must be strings, numbers or booleans, got " + node.getNodeType());
    }

    /** IAM actions: {@code *} or {@code service:action}, either part may use wildcards. */
    private static void checkAction(String action, String where) {
        if (action.equals("*")) {
            return;
        }
        int colon = action.indexOf(':');
        boolean ok = colon > 0 && colon < action.length() - 1 && action.indexOf(':', colon + 1) < 0;
        for (int i = 0; ok && i < action.length(); i++) {
            char c = action.charAt(i);
            ok = Character.isLetterOrDigit(c) || c == ':' || c == '*' || c == '?' || c == '-' || c == '_';
        }
        if (!ok) {
            throw new MalformedPolicyException(where + " '" + action
                    + "' is not valid: expected \"*\" or \"<service>:<action>\", for example \"iot:Publish\"");
        }
    }
}
