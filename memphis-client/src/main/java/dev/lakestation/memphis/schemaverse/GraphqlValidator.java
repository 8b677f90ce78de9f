package dev.lakestation.memphis.schemaverse;

import dev.lakestation.memphis.annotation.Internal;
import graphql.ExecutionInput;
import graphql.GraphQLError;
import graphql.GraphQLException;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.language.SourceLocation;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * GraphQL validation as Memphis does it: the schema is SDL, and a payload is a GraphQL document
 * (query/mutation text) that must parse and validate against that schema (graphql-java).
 */
@Internal
final class GraphqlValidator implements PayloadValidator {
    private final GraphQLSchema schema;

    private GraphqlValidator(GraphQLSchema schema) {
        this.schema = schema;
    }

    static GraphqlValidator compile(String sdl) {
        if (sdl == null || sdl.isBlank()) {
            throw new InvalidSchemaException("invalid graphql schema: empty");
        }
        try {
            TypeDefinitionRegistry types = new SchemaParser().parse(sdl);
            return new GraphqlValidator(UnExecutableSchemaGenerator.makeUnExecutableSchema(types));
        } catch (GraphQLException e) {
            throw new InvalidSchemaException("invalid graphql schema: " + e.getMessage(), e);
        }
    }

    @Override
    public SchemaType type() {
        return SchemaType.GRAPHQL;
    }

    @Override
    public void validate(byte[] payload) throws SchemaViolationException {
        String document = new String(payload, StandardCharsets.UTF_8);
        if (document.isBlank()) {
            throw new SchemaViolationException(SchemaType.GRAPHQL, new SchemaViolation("", "empty document"));
        }
        ParseAndValidateResult result =
                ParseAndValidate.parseAndValidate(schema, ExecutionInput.newExecutionInput(document).build());
        if (!result.isFailure()) {
            return;
        }
        List<SchemaViolation> violations = new ArrayList<>();
        for (GraphQLError e : result.getErrors()) {
            violations.add(new SchemaViolation(where(e), e.getMessage()));
        }
        throw new SchemaViolationException(SchemaType.GRAPHQL, violations);
    }

    /** The query path when the validator gives one ({@code /order/total}), else line:column. */
    private static String where(GraphQLError e) {
        if (e instanceof ValidationError v && v.getQueryPath() != null && !v.getQueryPath().isEmpty()) {
            return "/" + String.join("/", v.getQueryPath());
        }
        List<SourceLocation> locations = e.getLocations();
        if (locations != null && !locations.isEmpty()) {
            SourceLocation l = locations.get(0);
            return "line " + l.getLine() + ", column " + l.getColumn();
        }
        return "";
    }
}
