package io.certkeeper.acme.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.toolbox.JSON;

class JsonWriterTest {

    @Test
    void indentsNestedObjectsAndArraysByTwoSpaces() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("deep", true);
        inner.put("none", null);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("names", List.of("a.example", "b.example"));
        root.put("objects", List.of(inner, Map.of()));
        root.put("nested", Map.of("empty", List.of()));

        assertThat(JsonWriter.write(root)).isEqualTo("""
                {
                  "names": ["a.example", "b.example"],
                  "objects": [
                    {
                      "deep": true,
                      "none": null
                    },
                    {}
                  ],
                  "nested": {
                    "empty": []
                  }
                }
                """);
    }

    @Test
    void keepsTheOrderOfTheMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (char c = 'z'; c >= 'a'; c--) {
            map.put(String.valueOf(c), (int) c);
            keys.add(String.valueOf(c));
        }

        String text = JsonWriter.write(map);

        List<Integer> positions = keys.stream().map(k -> text.indexOf("\"" + k + "\":")).toList();
        assertThat(positions).doesNotContain(-1).isSorted();
    }

    @Test
    void escapesWhatJsonRequiresAndKeepsTheRest() {
        String text = "quote\" backslash\\ slash/ newline\n return\r tab\t nul\u0000 bell\u0007 escape\u001b"
                + " del\u007f separators\u2028\u2029 accent\u00e9 emoji\uD83D\uDE00";

        String json = JsonWriter.write(Map.of("k\"ey", text));

        assertThat(json).isEqualTo("{\n  \"k\\\"ey\": \"quote\\\" backslash\\\\ slash/ newline\\n return\\r tab\\t"
                + " nul\\u0000 bell\\u0007 escape\\u001b del\u007f separators\\u2028\\u2029 accent\u00e9 emoji\uD83D\uDE00\"\n}\n");
        assertThat(JSON.parse(json).get("k\"ey").asString()).isEqualTo(text);
    }

    @Test
    void everyControlCharacterSurvivesAParser() {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }

        String json = JsonWriter.write(Map.of("controls", controls.toString()));

        assertThat(json.chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
        assertThat(JSON.parse(json).get("controls").asString()).isEqualTo(controls.toString());
    }

    @Test
    void writesNumbersBooleansNullAndOtherObjectsAsStrings() {
        List<Object> values = Arrays.asList(Long.MAX_VALUE, -3, 1.5, new BigDecimal("0.10"), Double.NaN,
                Double.POSITIVE_INFINITY, false, null, Path.of("/etc/certkeeper"));

        assertThat(JsonWriter.write(values))
                .isEqualTo("[9223372036854775807, -3, 1.5, 0.10, null, null, false, null, \"/etc/certkeeper\"]\n");
    }

    @Test
    void whatItWritesParsesBackToTheSameValues() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", 1);
        root.put("list", List.of(Map.of("x", "y"), Map.of("x", "z")));

        JSON parsed = JSON.parse(JsonWriter.write(root));

        assertThat(parsed.get("version").asInt()).isEqualTo(1);
        assertThat(parsed.get("list").asArray().stream().map(v -> v.asObject().get("x").asString())).containsExactly("y", "z");
    }
}
