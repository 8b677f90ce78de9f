package dev.lakestation.schema.validation;

import dev.lakestation.schema.model.Trim;
import dev.lakestation.schema.avro.AvroSchemas;
import dev.lakestation.schema.privacy.PrivacyFunction;
import dev.lakestation.schema.types.PrimitiveType;
import dev.lakestation.schema.types.SlType;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/** One attribute compiled for the validator: everything per-record code needs, precomputed. */
final class FieldPlan {

    final FieldSpec spec;
    final String name;
    final int slot;
    /** Position in the parent Avro record, -1 when the attribute is ignored. */
    final int avroPos;
    final SlType type;
    final PrimitiveType primitive;
    final Trim trim;
    final String defaultValue;
    final boolean required;
    final boolean array;
    final boolean struct;
    final boolean variant;
    final boolean stringLike;
    final PrivacyFunction privacy;
    /** Privacy output must be checked against the type during validation (non-string types). */
    final boolean privacyCheck;
    final Expression privacySql;
    final Expression script;
    final FieldPlan[] children;
    final Schema recordSchema;
    final Schema decimalSchema;
    final String patternMessage;
    final String castMessage;

    FieldPlan(FieldSpec spec, int slot, int avroPos, PrivacyFunction privacy, Expression privacySql, Expression script,
            FieldPlan[] children, Schema valueSchema) {
        this.spec = spec;
        this.name = spec.name();
        this.slot = slot;
        this.avroPos = avroPos;
        this.type = spec.type();
        this.primitive = type.primitiveType();
        this.trim = spec.trim();
        this.defaultValue = spec.defaultValue();
        this.required = spec.required();
        this.array = spec.array();
        this.struct = spec.isStruct();
        this.variant = primitive == PrimitiveType.VARIANT;
        this.stringLike = primitive == PrimitiveType.STRING || primitive == PrimitiveType.VARIANT;
        this.privacy = privacy;
        this.privacyCheck = privacy != null && !stringLike;
        this.privacySql = privacySql;
        this.script = script;
        this.children = children;
        Schema element = valueSchema;
        if (element != null && element.getType() == Schema.Type.ARRAY) {
            element = unwrapNull(element.getElementType());
        }
        this.recordSchema = struct ? element : null;
        this.decimalSchema = primitive == PrimitiveType.DECIMAL ? element : null;
        this.patternMessage = "(" + type.name() + ") doesn't match pattern `" + type.pattern() + "`";
        this.castMessage = "cannot be converted to `" + primitive.value() + "` with sl type `" + type.name() + "`";
    }

    static Schema unwrapNull(Schema s) {
        if (s.getType() == Schema.Type.UNION) {
            for (Schema t : s.getTypes()) {
                if (t.getType() != Schema.Type.NULL) {
                    return t;
                }
            }
        }
        return s;
    }

    /** Leaf value as stored in Avro: decimals become {@code fixed}; everything else is already Avro-ready. */
    Object toAvroLeaf(Object v) {
        if (v instanceof BigDecimal && decimalSchema != null) {
            return decimalFixed((BigDecimal) v, decimalSchema);
        }
        return v;
    }

    /** Two's-complement big-endian unscaled value, sign-extended to the fixed size (Avro decimal on fixed). */
    static GenericData.Fixed decimalFixed(BigDecimal value, Schema fixedSchema) {
        int size = fixedSchema.getFixedSize();
        byte[] out = new byte[size];
        BigInteger unscaled = value.unscaledValue();
        if (unscaled.bitLength() < 64) {
            long l = unscaled.longValue();
            for (int i = size - 1; i >= 0; i--) {
                out[i] = (byte) l;
                l >>= 8; // arithmetic shift keeps sign extension
            }
        } else {
            byte[] b = unscaled.toByteArray();
            byte pad = (byte) (unscaled.signum() < 0 ? 0xff : 0);
            int offset = size - b.length;
            for (int i = 0; i < offset; i++) {
                out[i] = pad;
            }
            System.arraycopy(b, 0, out, offset, b.length);
        }
        return new GenericData.Fixed(fixedSchema, out);
    }

    static Schema valueSchemaOf(Schema parent, String outputName) {
        Schema.Field f = parent.getField(AvroSchemas.avroName(outputName));
        return f == null ? null : unwrapNull(f.schema());
    }
}
