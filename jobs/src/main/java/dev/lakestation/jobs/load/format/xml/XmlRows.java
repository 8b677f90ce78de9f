package dev.lakestation.jobs.load.format.xml;

import dev.lakestation.jobs.load.format.Encodings;
import dev.lakestation.jobs.load.format.InputFile;
import dev.lakestation.jobs.load.format.MalformedInputFileException;

import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code rowTag} elements of an XML input, one at a time, with the JDK's StAX parser (streaming). An
 * element becomes a map as Spark's XML reader builds it: attributes as {@code _name}, child elements by name
 * (a repeated child becomes a list), text of an element that also has attributes or children under
 * {@code _VALUE}; a leaf element is its text, surrounding whitespace removed. Entities are resolved, CDATA is
 * text. Names are local names: namespace prefixes are dropped and {@code xmlns} declarations are not
 * attributes; {@code rowTag} matches the local or the prefixed name. External entities and DTDs are never
 * loaded.
 */
final class XmlRows implements Closeable {
    static final String VALUE_TAG = "_VALUE";
    private static final XMLInputFactory FACTORY = factory();

    private final String path;
    private final String rowTag;
    private final InputStream in;
    private final XMLStreamReader xml;

    long line;
    long offset;
    Map<String, Object> tree;

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return f;
    }

    XmlRows(InputFile file, String encoding, String rowTag) throws IOException {
        this.path = file.name();
        this.rowTag = rowTag;
        this.in = file.open(0);
        Charset cs = Encodings.charset(encoding);
        try {
            // UTF-8 (the default): let the parser read the BOM and the XML declaration's encoding
            xml = cs.equals(StandardCharsets.UTF_8) ? FACTORY.createXMLStreamReader(in)
                    : FACTORY.createXMLStreamReader(in, cs.name());
        } catch (XMLStreamException e) {
            in.close();
            throw malformed(e);
        }
    }

    /** Advances to the next row; builds {@link #tree} when {@code build}, else adds its keys to {@code keys}. */
    boolean next(boolean build, Set<String> keys) throws IOException {
        try {
            while (xml.hasNext()) {
                int ev = xml.next();
                if (ev == XMLStreamConstants.START_ELEMENT && isRow()) {
                    Location at = xml.getLocation();
                    line = at.getLineNumber();
                    offset = at.getCharacterOffset();
                    Object v = element(true);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) v;
                    if (keys != null) {
                        keys.addAll(m.keySet());
                    }
                    tree = build ? m : null;
                    return true;
                }
            }
            return false;
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
    }

    private boolean isRow() {
        String local = xml.getLocalName();
        if (local.equals(rowTag)) {
            return true;
        }
        String prefix = xml.getPrefix();
        return prefix != null && !prefix.isEmpty() && rowTag.equals(prefix + ":" + local);
    }

    /** The element at START_ELEMENT up to its END_ELEMENT; a map for a row or a non-leaf. */
    private Object element(boolean row) throws XMLStreamException {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            m.put("_" + xml.getAttributeLocalName(i), xml.getAttributeValue(i));
        }
        StringBuilder text = null;
        while (true) {
            int ev = xml.next();
            switch (ev) {
                case XMLStreamConstants.START_ELEMENT: {
                    String name = xml.getLocalName();
                    Object child = element(false);
                    add(m, name, child);
                    break;
                }
                case XMLStreamConstants.CHARACTERS:
                case XMLStreamConstants.CDATA:
                case XMLStreamConstants.SPACE:
                case XMLStreamConstants.ENTITY_REFERENCE:
                    if (text == null) {
                        text = new StringBuilder();
                    }
                    text.append(xml.getText());
                    break;
                case XMLStreamConstants.END_ELEMENT: {
                    String value = text == null ? "" : text.toString().strip();
                    if (m.isEmpty() && !row) {
                        return value;
                    }
                    if (!value.isEmpty()) {
                        m.put(VALUE_TAG, value);
                    }
                    return m;
                }
                default:
                    break; // comments, processing instructions
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void add(Map<String, Object> m, String name, Object child) {
        Object prev = m.get(name);
        if (prev == null && !m.containsKey(name)) {
            m.put(name, child);
        } else if (prev instanceof RepeatedList) {
            ((List<Object>) prev).add(child);
        } else {
            List<Object> l = new RepeatedList();
            l.add(prev);
            l.add(child);
            m.put(name, l);
        }
    }

    /** A list made of repeated elements (a child's own value is never a list otherwise). */
    private static final class RepeatedList extends ArrayList<Object> {
    }

    private MalformedInputFileException malformed(XMLStreamException e) {
        Location at = e.getLocation();
        String msg = e.getMessage();
        if (msg != null && msg.startsWith("ParseError at")) {
            int k = msg.indexOf("Message: ");
            msg = k >= 0 ? msg.substring(k + 9) : msg;
        }
        return new MalformedInputFileException(path, at == null ? -1 : at.getLineNumber(),
                at == null ? -1 : at.getColumnNumber(), at == null ? -1 : at.getCharacterOffset(),
                "Invalid XML File: " + msg, e);
    }

    @Override
    public void close() throws IOException {
        try {
            xml.close();
        } catch (XMLStreamException e) {
            // closing only releases the parser
        } finally {
            in.close();
        }
    }
}
