package dev.lakestation.memphis.schemaverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The descriptor sets are built in code (what {@code protoc --include_imports --descriptor_set_out}
 * writes), since protoc is not available to the tests. Files are listed main file first to check
 * that dependency order does not matter.
 */
class ProtobufValidatorTest {
    private static final FileDescriptorProto COMMON = FileDescriptorProto.newBuilder()
            .setName("common.proto").setPackage("shop").setSyntax("proto2")
            .addMessageType(DescriptorProto.newBuilder().setName("Money")
                    .addField(field("cents", 1, Type.TYPE_INT64, Label.LABEL_REQUIRED))
                    .addField(field("currency", 2, Type.TYPE_STRING, Label.LABEL_REQUIRED)))
            .build();

    private static final FileDescriptorProto ORDER = FileDescriptorProto.newBuilder()
            .setName("orders_1.proto").setPackage("shop").setSyntax("proto2")
            .addDependency("common.proto")
            .addMessageType(DescriptorProto.newBuilder().setName("Order")
                    .addField(field("id", 1, Type.TYPE_INT64, Label.LABEL_REQUIRED))
                    .addField(field("customer", 2, Type.TYPE_STRING, Label.LABEL_OPTIONAL))
                    .addField(field("total", 3, Type.TYPE_MESSAGE, Label.LABEL_OPTIONAL).setTypeName(".shop.Money")))
            .build();

    private static final String DESCRIPTOR = Base64.getEncoder().encodeToString(
            FileDescriptorSet.newBuilder().addFile(ORDER).addFile(COMMON).build().toByteArray());

    private static FieldDescriptorProto.Builder field(String name, int number, Type type, Label label) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type).setLabel(label);
    }

    private static Descriptor orderType() throws Exception {
        FileDescriptor common = FileDescriptor.buildFrom(COMMON, new FileDescriptor[0]);
        return FileDescriptor.buildFrom(ORDER, new FileDescriptor[] {common}).findMessageTypeByName("Order");
    }

    private static byte[] order(boolean withCurrency) throws Exception {
        Descriptor order = orderType();
        Descriptor money = order.findFieldByName("total").getMessageType();
        DynamicMessage.Builder total = DynamicMessage.newBuilder(money).setField(money.findFieldByName("cents"), 995L);
        if (withCurrency) {
            total.setField(money.findFieldByName("currency"), "EUR");
        }
        return DynamicMessage.newBuilder(order)
                .setField(order.findFieldByName("id"), 42L)
                .setField(order.findFieldByName("customer"), "ann")
                .setField(order.findFieldByName("total"), total.buildPartial())
                .buildPartial().toByteArray();
    }

    @Test
    void acceptsMessageOfTheNamedType() throws Exception {
        PayloadValidator v = PayloadValidators.create("protobuf", "syntax = \"proto2\"; ...", DESCRIPTOR, "Order");
        assertThat(v.type()).isEqualTo(SchemaType.PROTOBUF);
        assertThat(((ProtobufValidator) v).messageTypeName()).isEqualTo("shop.Order");
        v.validate(order(true));
        PayloadValidators.create("protobuf", null, DESCRIPTOR, "shop.Order").validate(order(true));
    }

    @Test
    void missingRequiredNestedFieldIsNamed() throws Exception {
        PayloadValidator v = PayloadValidators.create("protobuf", null, DESCRIPTOR, "Order");
        byte[] payload = order(false);
        assertThatThrownBy(() -> v.validate(payload))
                .isInstanceOfSatisfying(SchemaViolationException.class, e ->
                        assertThat(e.violations()).singleElement().satisfies(x -> {
                            assertThat(x.location()).isEqualTo("total.currency");
                            assertThat(x.reason()).contains("required field is missing");
                        }));
    }

    @Test
    void garbageIsRejected() {
        PayloadValidator v = PayloadValidators.create("protobuf", null, DESCRIPTOR, "Order");
        assertThatThrownBy(() -> v.validate(new byte[] {(byte) 0x0a, (byte) 0xff, 0x01}))
                .isInstanceOf(SchemaViolationException.class)
                .hasMessageContaining("not a valid shop.Order");
        // a JSON text is not a protobuf Order either (field 15 wire type 3, or missing id)
        assertThatThrownBy(() -> v.validate("{\"id\":1}".getBytes()))
                .isInstanceOf(SchemaViolationException.class);
    }

    @Test
    void refusesMissingOrBrokenDescriptor() {
        assertThatThrownBy(() -> PayloadValidators.create("protobuf", "message X {}", null, "X"))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("compiled descriptor is required");
        assertThatThrownBy(() -> PayloadValidators.create("protobuf", null, "%%%", "X"))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("not base64");
        assertThatThrownBy(() -> PayloadValidators.create("protobuf", null,
                        Base64.getEncoder().encodeToString(new byte[] {(byte) 0x0a, (byte) 0xff}), "X"))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("not a FileDescriptorSet");
    }

    @Test
    void refusesUnknownMessageAndMissingImport() {
        assertThatThrownBy(() -> PayloadValidators.create("protobuf", null, DESCRIPTOR, "Invoice"))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("message 'Invoice' is not defined")
                .hasMessageContaining("shop.Order");
        String withoutImport = Base64.getEncoder().encodeToString(
                FileDescriptorSet.newBuilder().addFile(ORDER).build().toByteArray());
        assertThatThrownBy(() -> PayloadValidators.create("protobuf", null, withoutImport, "Order"))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("import 'common.proto' is not in the descriptor set");
    }

    @Test
    void refusesDescriptorThatDoesNotLink() {
        FileDescriptorProto broken = ORDER.toBuilder().clearDependency().build();
        String set = Base64.getEncoder().encodeToString(
                FileDescriptorSet.newBuilder().addFile(broken).build().toByteArray());
        assertThatThrownBy(() -> PayloadValidators.create("protobuf", null, set, "Order"))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("orders_1.proto")
                .hasMessageContaining("shop.Money");
    }
}
