package dev.lakestation.jobs.audit;

/** File-name-safe forms of ids. */
final class FileNames {
    private FileNames() {
    }

    /** {@code s} with every character outside {@code [A-Za-z0-9_.=-]} replaced by {@code _}, starting with a letter or digit. */
    static String safe(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-' || c == '=' || (c == '.' && i > 0);
            b.append(ok ? c : '_');
        }
        if (b.length() == 0 || !Character.isLetterOrDigit(b.charAt(0))) {
            b.insert(0, "id"); // a leading '_' or '.' would hide the file from Parquet readers
        }
        return b.toString();
    }
}
