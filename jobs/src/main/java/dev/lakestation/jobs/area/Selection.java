package dev.lakestation.jobs.area;

import dev.lakestation.schema.model.Domain;
import dev.lakestation.schema.model.Table;
import dev.lakestation.schema.project.Project;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The domains and tables a command works on, from {@code --domains}/{@code --tables} names. Empty lists mean all.
 * A table is named {@code table} or {@code domain.table}. Unknown names fail with {@link UnknownNameException}
 * listing the known ones.
 *
 * <pre>{@code
 * Selection s = Selection.of(project, List.of("starbake"), List.of("orders", "order_lines"));
 * s.domains();                       // [starbake]
 * s.includes(domain, ordersTable);   // true
 * }</pre>
 *
 * @param domains selected domains in project order
 * @param tables  selected tables as {@code domain.table}; empty = every table of the selected domains
 */
public record Selection(List<Domain> domains, Set<String> tables) {

    public Selection {
        domains = List.copyOf(domains);
        tables = Set.copyOf(tables);
    }

    /** Resolves names; throws {@link UnknownNameException} for a name that does not exist. */
    public static Selection of(Project project, Collection<String> domainNames, Collection<String> tableNames) {
        List<Domain> domains = new ArrayList<>();
        for (String n : clean(domainNames)) {
            domains.add(project.domain(n).orElseThrow(() -> new UnknownNameException("unknown domain '" + n
                    + "'; known domains: " + names(project.domains().stream().map(Domain::name).toList()))));
        }
        if (domains.isEmpty()) {
            domains.addAll(project.domains());
        }
        Set<String> tables = new LinkedHashSet<>();
        for (String n : clean(tableNames)) {
            int before = tables.size();
            for (Domain d : domains) {
                for (Table t : d.tables()) {
                    if (t.name().equals(n) || (d.name() + "." + t.name()).equals(n)) {
                        tables.add(d.name() + "." + t.name());
                    }
                }
            }
            if (tables.size() == before) {
                List<String> known = new ArrayList<>();
                for (Domain d : domains) {
                    d.tables().forEach(t -> known.add(domains.size() == 1 ? t.name() : d.name() + "." + t.name()));
                }
                throw new UnknownNameException("unknown table '" + n + "' in domain"
                        + (domains.size() == 1 ? " '" + domains.get(0).name() + "'" : "s "
                        + names(domains.stream().map(Domain::name).toList())) + "; known tables: " + names(known));
            }
        }
        return new Selection(domains, tables);
    }

    /** True when {@code table} of {@code domain} is selected. */
    public boolean includes(Domain domain, Table table) {
        return tables.isEmpty() || tables.contains(domain.name() + "." + table.name());
    }

    /** The selected tables of {@code domain}, in the domain's order. */
    public List<Table> tables(Domain domain) {
        return domain.tables().stream().filter(t -> includes(domain, t)).toList();
    }

    private static List<String> clean(Collection<String> names) {
        if (names == null) {
            return List.of();
        }
        return names.stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    private static String names(List<String> names) {
        return names.isEmpty() ? "(none)" : names.stream().collect(Collectors.joining(", "));
    }
}
