package org.opsconsole.modules.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a change will do to the running console, worked out before anything is touched: the bundles it installs,
 * updates, removes and starts, the other bundles it must refresh (restart briefly) because their wiring changes,
 * and the problems that stop it, in words an operator understands.
 *
 * @param install bundles installed
 * @param update bundles updated (with their current version)
 * @param remove bundles removed
 * @param start bundles started, in order
 * @param refresh bundles outside the change that are refreshed because what they are wired to changes
 * @param problems why the change cannot be made; empty when it can
 * @param notes what the operator should know but does not stop the change (development mode, say)
 */
record Plan(List<Step> install, List<Step> update, List<Step> remove, List<Step> start, List<Step> refresh,
        List<Message> problems, List<Message> notes) {

    /**
     * A bundle the plan acts on.
     *
     * @param symbolicName its symbolic name
     * @param version the version it will have (for a removal, the one it has)
     * @param previousVersion for an update, the version it has now; otherwise null
     * @param sha256 the SHA-256 of the jar installed, null for a removal or a refresh
     * @param trust for an installed or updated jar, what it is trusted on, in words; otherwise null
     */
    record Step(String symbolicName, String version, String previousVersion, String sha256, String trust) {
    }

    /** A sentence in Chinese and English. */
    record Message(String zh, String en) {

        @Override
        public String toString() {
            return zh + " / " + en;
        }
    }

    Plan {
        install = List.copyOf(install);
        update = List.copyOf(update);
        remove = List.copyOf(remove);
        start = List.copyOf(start);
        refresh = List.copyOf(refresh);
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    /** @return whether the change can be applied */
    boolean feasible() {
        return problems.isEmpty();
    }


    Plan withProblems(List<Message> more) {
        List<Message> all = new ArrayList<>(problems);
        all.addAll(more);
        return new Plan(install, update, remove, start, refresh, all, notes);
    }

    Plan withNotes(List<Message> more) {
        List<Message> all = new ArrayList<>(notes);
        all.addAll(more);
        return new Plan(install, update, remove, start, refresh, problems, all);
    }

    /**
     * @return the symbolic names of the bundles the plan installs, updates or removes, in that order, each once; not
     *         the bundles it only starts or refreshes
     */
    List<String> changedBundles() {
        return Stream.of(install, update, remove).flatMap(List::stream).map(Step::symbolicName).distinct().toList();
    }

    /** @return the plan in one line, for the change history and the audit trail */
    String summary() {
        List<String> parts = new ArrayList<>();
        if (!install.isEmpty()) {
            parts.add("install " + steps(install));
        }
        if (!update.isEmpty()) {
            parts.add("update " + update.stream().map(s -> s.symbolicName() + " " + s.previousVersion() + " → " + s.version())
                    .collect(Collectors.joining(", ")));
        }
        if (!remove.isEmpty()) {
            parts.add("remove " + steps(remove));
        }
        if (!refresh.isEmpty()) {
            parts.add("refresh " + steps(refresh));
        }
        if (!problems.isEmpty()) {
            parts.add("problems: " + problems.stream().map(Message::en).collect(Collectors.joining("; ")));
        }
        return parts.isEmpty() ? "no change to the bundles" : String.join("; ", parts);
    }

    private static String steps(List<Step> steps) {
        return steps.stream().map(s -> s.symbolicName() + " " + s.version()
                + (s.sha256() == null ? "" : " (sha256 " + s.sha256() + ")")).collect(Collectors.joining(", "));
    }
}
