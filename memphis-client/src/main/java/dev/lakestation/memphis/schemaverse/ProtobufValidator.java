package dev.lakestation.memphis.schemaverse;

import dev.lakestation.memphis.annotation.Internal;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Protobuf validation of binary payloads against a compiled descriptor, as Memphis does it: the
 * schema version carries {@code descriptor}, a base64 {@code FileDescriptorSet} (e.g. from
 * {@code protoc --include_imports --descriptor_set_out}), and {@code message_struct_name} names the
 * message type. A payload is valid when it parses as that message and all required (proto2) fields
 * are set.
 */
@Internal
final class ProtobufValidator implements PayloadValidator {
    private final Descriptor messageType;

    private ProtobufValidator(Descriptor messageType) {
        this.messageType = messageType;
    }

    static ProtobufValidator compile(String descriptorBase64, String messageStructName) {
        if (descriptorBase64 == null || descriptorBase64.isBlank()) {
            throw new InvalidSchemaException("invalid protobuf schema: a compiled descriptor is required "
                    + "(base64 FileDescriptorSet, e.g. protoc --include_imports --descriptor_set_out=x.pb); "
                    + ".proto source alone cannot be compiled by this client");
        }
        if (messageStructName == null || messageStructName.isBlank()) {
            throw new InvalidSchemaException("invalid protobuf schema: message_struct_name is required");
        }
        FileDescriptorSet set;
        try {
            set = FileDescriptorSet.parseFrom(Base64.getDecoder().decode(descriptorBase64.trim()));
        } catch (IllegalArgumentException e) {
            throw new InvalidSchemaException("invalid protobuf schema: descriptor is not base64: " + e.getMessage(), e);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidSchemaException(
                    "invalid protobuf schema: descriptor is not a FileDescriptorSet: " + e.getMessage(), e);
        }
        if (set.getFileCount() == 0) {
            throw new InvalidSchemaException("invalid protobuf schema: the descriptor set holds no files");
        }
        List<FileDescriptor> files = build(set);
        return new ProtobufValidator(find(files, messageStructName.trim()));
    }

    @Override
    public SchemaType type() {
        return SchemaType.PROTOBUF;
    }

    /** The full name of the message type payloads must be. */
    String messageTypeName() {
        return messageType.getFullName();
    }

    @Override
    public void validate(byte[] payload) throws SchemaViolationException {
        DynamicMessage.Builder message = DynamicMessage.newBuilder(messageType);
        try {
            message.mergeFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new SchemaViolationException(SchemaType.PROTOBUF, new SchemaViolation("",
                    "not a valid " + messageType.getFullName() + ": " + e.getMessage()));
        }
        if (!message.isInitialized()) {
            throw missingRequired(message.findInitializationErrors());
        }
    }

    private SchemaViolationException missingRequired(List<String> fields) {
        List<SchemaViolation> v = new ArrayList<>(fields.size());
        for (String f : fields) {
            v.add(new SchemaViolation(f, "required field is missing in " + messageType.getFullName()));
        }
        return new SchemaViolationException(SchemaType.PROTOBUF, v);
    }

    /** Builds every file of the set, dependencies first, whatever order protoc wrote them in. */
    private static List<FileDescriptor> build(FileDescriptorSet set) {
        Map<String, FileDescriptorProto> protos = new LinkedHashMap<>();
        for (FileDescriptorProto p : set.getFileList()) {
            protos.put(p.getName(), p);
        }
        Map<String, FileDescriptor> built = new HashMap<>();
        List<FileDescriptor> ordered = new ArrayList<>();
        for (String name : protos.keySet()) {
            buildFile(name, protos, built, ordered, new ArrayList<>());
        }
        return ordered;
    }

    private static FileDescriptor buildFile(String name, Map<String, FileDescriptorProto> protos,
            Map<String, FileDescriptor> built, List<FileDescriptor> ordered, List<String> stack) {
        FileDescriptor done = built.get(name);
        if (done != null) {
            return done;
        }
        if (stack.contains(name)) {
            throw new InvalidSchemaException("invalid protobuf schema: import cycle " + stack + " -> " + name);
        }
        FileDescriptorProto proto = protos.get(name);
        if (proto == null) {
            throw new InvalidSchemaException("invalid protobuf schema: import '" + name
                    + "' is not in the descriptor set (compile with protoc --include_imports)");
        }
        stack.add(name);
        FileDescriptor[] deps = new FileDescriptor[proto.getDependencyCount()];
        for (int i = 0; i < deps.length; i++) {
            deps[i] = buildFile(proto.getDependency(i), protos, built, ordered, stack);
        }
        stack.remove(stack.size() - 1);
        try {
            FileDescriptor fd = FileDescriptor.buildFrom(proto, deps);
            built.put(name, fd);
            ordered.add(fd);
            return fd;
        } catch (DescriptorValidationException e) {
            throw new InvalidSchemaException("invalid protobuf schema: " + name + ": " + e.getMessage(), e);
        }
    }

    /** A message by full name ({@code pkg.Order}) or simple name ({@code Order}), last file first. */
    private static Descriptor find(List<FileDescriptor> files, String name) {
        List<String> known = new ArrayList<>();
        for (int i = files.size() - 1; i >= 0; i--) {
            for (Descriptor d : files.get(i).getMessageTypes()) {
                if (d.getFullName().equals(name) || d.getName().equals(name)) {
                    return d;
                }
                known.add(d.getFullName());
            }
        }
        throw new InvalidSchemaException("invalid protobuf schema: message '" + name
                + "' is not defined in the descriptor set (messages: " + known + ")");
    }
}
