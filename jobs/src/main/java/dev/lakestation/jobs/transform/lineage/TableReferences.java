package dev.lakestation.jobs.transform.lineage;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Walks a parsed query and collects the identifiers used as tables: FROM items, JOIN sides, subqueries in any
 * expression ({@code IN (SELECT ...)}, scalar subqueries, EXISTS), set operations. Names defined by a WITH
 * clause are not tables inside its scope; aliases never are.
 */
final class TableReferences {

    private final Set<String> tables = new TreeSet<>();

    static Set<String> of(SqlNode query) {
        TableReferences refs = new TableReferences();
        refs.query(query, Set.of());
        return refs.tables;
    }

    private void query(SqlNode node, Set<String> ctes) {
        if (node == null) {
            return;
        }
        if (node instanceof SqlWith with) {
            Set<String> scope = new HashSet<>(ctes);
            for (SqlNode item : with.withList) {
                SqlWithItem w = (SqlWithItem) item;
                query(w.query, scope);                    // a CTE sees the CTEs defined before it
                scope.add(w.name.getSimple());
            }
            query(with.body, scope);
        } else if (node instanceof SqlOrderBy orderBy) {
            query(orderBy.query, ctes);
            expression(orderBy.orderList, ctes);
        } else if (node instanceof SqlSelect select) {
            from(select.getFrom(), ctes);
            expression(select.getSelectList(), ctes);
            expression(select.getWhere(), ctes);
            expression(select.getGroup(), ctes);
            expression(select.getHaving(), ctes);
            expression(select.getQualify(), ctes);
            expression(select.getWindowList(), ctes);
            expression(select.getOrderList(), ctes);
        } else if (node.getKind() == SqlKind.UNION || node.getKind() == SqlKind.INTERSECT
                || node.getKind() == SqlKind.EXCEPT) {
            for (SqlNode operand : ((SqlCall) node).getOperandList()) {
                query(operand, ctes);
            }
        } else {
            expression(node, ctes);
        }
    }

    private void from(SqlNode node, Set<String> ctes) {
        if (node == null) {
            return;
        }
        if (node instanceof SqlIdentifier id) {
            if (!(id.names.size() == 1 && ctes.contains(id.getSimple()))) {
                tables.add(String.join(".", id.names));
            }
        } else if (node instanceof SqlJoin join) {
            from(join.getLeft(), ctes);
            from(join.getRight(), ctes);
            expression(join.getCondition(), ctes);
        } else if (node.getKind() == SqlKind.AS) {
            from(((SqlCall) node).operand(0), ctes);
        } else if (node.getKind() == SqlKind.SNAPSHOT || node.getKind() == SqlKind.TABLE_REF) {
            from(((SqlCall) node).operand(0), ctes);
        } else if (node instanceof SqlSelect || node instanceof SqlWith || node instanceof SqlOrderBy
                || node.getKind() == SqlKind.UNION || node.getKind() == SqlKind.INTERSECT
                || node.getKind() == SqlKind.EXCEPT) {
            query(node, ctes);
        } else {
            expression(node, ctes);                       // LATERAL, UNNEST, TABLE(fn(...)): subqueries inside
        }
    }

    private void expression(SqlNode node, Set<String> ctes) {
        if (node == null) {
            return;
        }
        if (node instanceof SqlSelect || node instanceof SqlWith || node instanceof SqlOrderBy) {
            query(node, ctes);
        } else if (node instanceof SqlNodeList list) {
            for (SqlNode n : list) {
                expression(n, ctes);
            }
        } else if (node instanceof SqlCall call) {
            if (call.getKind() == SqlKind.UNION || call.getKind() == SqlKind.INTERSECT
                    || call.getKind() == SqlKind.EXCEPT) {
                query(call, ctes);
                return;
            }
            for (SqlNode operand : call.getOperandList()) {
                expression(operand, ctes);
            }
        }
        // identifiers in expressions are columns, literals are values
    }
}
