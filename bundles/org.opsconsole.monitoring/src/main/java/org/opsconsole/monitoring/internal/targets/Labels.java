package org.opsconsole.monitoring.internal.targets;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.opsconsole.api.rest.Problem.FieldError;

/** The rules for labels an operator gives (on targets, in rule and silence matchers). */
public final class Labels {

    /** Most labels in one map. */
    public static final int MAX = 10;
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,39}");

    private Labels() {
    }

    /**
     * @param labels labels given
     * @param errors where the errors go, with fields {@code labels} and {@code labels.<name>}
     */
    public static void check(Map<String, String> labels, List<FieldError> errors) {
        if (labels.size() > MAX) {
            errors.add(new FieldError("labels", "最多 " + MAX + " 个标签", "At most " + MAX + " labels"));
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!NAME.matcher(label.getKey()).matches() || label.getValue() == null || label.getValue().length() > 100) {
                errors.add(new FieldError("labels." + label.getKey(), "标签名为字母、数字和下划线，值最多 100 个字符",
                        "A label's name is letters, digits and underscores; its value at most 100 characters"));
            }
        }
    }
}
