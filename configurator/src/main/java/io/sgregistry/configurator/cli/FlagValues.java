package io.sgregistry.configurator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

/** Parses {@code --set key=value}: JSON literals (true, 8443, null, [..]) stay typed, anything else is a string. */
final class FlagValues {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FlagValues() {
    }

    static JsonNode parse(String raw) {
        try {
            JsonNode node = JSON.readTree(raw);
            return node == null || node.isMissingNode() ? TextNode.valueOf(raw) : node;
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(raw);
        }
    }
}
