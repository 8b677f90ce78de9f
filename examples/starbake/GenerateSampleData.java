import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes the starbake demo's landing files: three days (2024-03-01..03) of orders (JSON array), order lines (DSV)
 * and deliveries (fixed width), plus the product catalogue (XML). Deterministic: the same files every run (a fixed
 * seed and {@link Random}, whose algorithm the JDK specifies), so the files shipped in {@code datasets/incoming/} are what
 * this program writes. A few values are wrong on purpose, so that the load rejects them (listed in BAD below and in
 * the README).
 *
 * <pre>
 * java examples/starbake/GenerateSampleData.java examples/starbake/datasets/incoming
 * </pre>
 */
public final class GenerateSampleData {

    private static final LocalDate FIRST_DAY = LocalDate.of(2024, 3, 1);
    private static final int DAYS = 3;
    private static final int ORDERS_PER_DAY = 150;
    private static final String[] STORES = {"PARIS-01", "PARIS-02", "LYON-01", "NANTES-01"};
    private static final String[] DRIVERS = {"Alice Martin", "Bruno Petit", "Chloe Durand", "David Leroy",
        "Emma Moreau", "Farid Simon"};

    /** The catalogue of Starlake's starbake sample: id, name, category, price, cost. */
    private static final Object[][] PRODUCTS = {
        {1, "Chocolate Cake", "Cakes", "17.12", "14.55"},
        {2, "Vanilla Cake", "Cakes", "14.71", "12.5"},
        {3, "Carrot Cake", "Cakes", "28.91", "24.57"},
        {4, "Chocolate Chip Cookies", "Cookies", "21.05", "17.89"},
        {5, "Gingerbread Cookies", "Cookies", "8.68", "7.38"},
        {6, "Sugar Cookies", "Cookies", "27.81", "23.64"},
        {7, "Baguette", "Breads", "17.06", "14.5"},
        {8, "Whole Wheat Bread", "Breads", "15.0", "12.75"},
        {9, "Croissant", "Breads", "11.36", "9.66"},
        {10, "Apple Pie", "Pies", "18.18", "15.45"},
        {11, "Blueberry Pie", "Pies", "10.72", "9.11"},
        {12, "Pecan Pie", "Pies", "16.84", "14.31"},
    };

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java GenerateSampleData.java <landing root, e.g. examples/starbake/datasets/incoming>");
            System.exit(2);
        }
        Path out = Path.of(args[0]).resolve("starbake");
        Files.createDirectories(out);
        Random random = new Random(20240301L);
        products(out.resolve("products_20240301.xml"));
        int orderId = 0;
        int deliveryId = 0;
        for (int d = 0; d < DAYS; d++) {
            LocalDate day = FIRST_DAY.plusDays(d);
            String stamp = day.format(DateTimeFormatter.BASIC_ISO_DATE);
            StringBuilder orders = new StringBuilder("[\n");
            StringBuilder lines = new StringBuilder("\"order_id\";\"product_id\";\"quantity\";\"sale_price\"\n");
            StringBuilder deliveries = new StringBuilder();
            int lineOfDay = 0;
            for (int i = 0; i < ORDERS_PER_DAY; i++) {
                orderId++;
                int customer = 1 + random.nextInt(50);
                LocalDateTime at = day.atTime(7, 0).plusSeconds(random.nextInt(13 * 3600))
                        .plusNanos(random.nextInt(1000) * 1_000_000L);
                int s = random.nextInt(10);
                String status = s < 6 ? "Delivered" : s < 8 ? "Pending" : "Cancelled";
                String customerText = String.valueOf(customer);
                String time = at.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")) + "Z";
                // BAD: a customer id that is not a number (day 1), a time that is not a time (day 3)
                if (d == 0 && i == 41) {
                    customerText = "\"C-" + customer + "\"";
                }
                if (d == 2 && i == 4) {
                    time = day + " 25:61";
                }
                orders.append(i == 0 ? "" : ",\n").append("\t{\n")
                        .append("\t\t\"order_id\" : ").append(orderId).append(",\n")
                        .append("\t\t\"customer_id\" : ").append(customerText).append(",\n")
                        .append("\t\t\"timestamp\" : \"").append(time).append("\",\n")
                        .append("\t\t\"status\" : \"").append(status).append("\"\n")
                        .append("\t}");
                int items = 1 + random.nextInt(4);
                for (int k = 0; k < items; k++) {
                    lineOfDay++;
                    Object[] p = PRODUCTS[random.nextInt(PRODUCTS.length)];
                    int quantity = 1 + random.nextInt(5);
                    BigDecimal price = new BigDecimal((String) p[3]);
                    if (random.nextInt(8) == 0) {      // a 10 % discount now and then
                        price = price.multiply(new BigDecimal("0.9")).setScale(2, RoundingMode.HALF_UP);
                    }
                    String q = String.valueOf(quantity);
                    String sp = price.stripTrailingZeros().toPlainString();
                    // BAD: a quantity in words (day 2), a decimal comma (day 3)
                    if (d == 1 && lineOfDay == 17) {
                        q = "two";
                    }
                    if (d == 2 && lineOfDay == 40) {
                        sp = sp.replace('.', ',');
                        if (!sp.contains(",")) {
                            sp = sp + ",50";
                        }
                    }
                    lines.append(orderId).append(';').append(p[0]).append(';').append(q).append(';').append(sp)
                            .append('\n');
                }
                if (status.equals("Delivered")) {
                    deliveryId++;
                    int late = random.nextInt(10) < 7 ? -random.nextInt(15) : 1 + random.nextInt(45);
                    String date = at.plusHours(2).toLocalDate().toString();
                    // BAD: a month that does not exist (day 1)
                    if (d == 0 && deliveryId == 10) {
                        date = day.getYear() + "-13-01";
                    }
                    String line = String.format(Locale.ROOT, "%08d%08d%-12s%s%04d%-16s", deliveryId, orderId,
                            STORES[random.nextInt(STORES.length)], date, late, DRIVERS[random.nextInt(DRIVERS.length)]);
                    deliveries.append(line).append('\n');
                }
            }
            orders.append("\n]\n");
            if (d == 2) {
                // BAD: a record cut short by the sender (day 3's last line)
                String text = deliveries.toString();
                int lastStart = text.lastIndexOf('\n', text.length() - 2) + 1;
                deliveries.setLength(lastStart + 31);
                deliveries.append('\n');
            }
            write(out.resolve("orders_" + stamp + ".json"), orders);
            write(out.resolve("order-lines_" + stamp + ".csv"), lines);
            write(out.resolve("deliveries_" + stamp + ".txt"), deliveries);
        }
        // the station-fed table starbake.sales: messages, not files (own seed: the files above stay as they were)
        sales(Path.of(args[0]).toAbsolutePath().normalize().getParent().getParent().resolve("stations"));
    }

    /**
     * Till sales of day 4, one JSON message per line, for the station {@code starbake-sales}: published by
     * {@code ./bin/demo --memphis host:port} ({@code lakestation publish}) and loaded by the run.
     */
    private static void sales(Path dir) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(20240304L);
        StringBuilder out = new StringBuilder();
        LocalDateTime at = FIRST_DAY.plusDays(DAYS).atTime(7, 0);
        for (int i = 1; i <= 60; i++) {
            at = at.plusSeconds(30 + random.nextInt(600));
            Object[] p = PRODUCTS[random.nextInt(PRODUCTS.length)];
            int quantity = 1 + random.nextInt(3);
            String amount = new BigDecimal((String) p[3]).multiply(BigDecimal.valueOf(quantity)).toPlainString();
            String id = String.valueOf(i);
            // BAD: an amount that is not a number (message 23), a sale without its id (message 48)
            if (i == 23) {
                amount = "\"n/a\"";
            }
            String idField = i == 48 ? "" : "\"sale_id\": " + id + ", ";
            out.append('{').append(idField)
                    .append("\"store\": \"").append(STORES[random.nextInt(STORES.length)]).append("\", ")
                    .append("\"product_id\": ").append(p[0]).append(", ")
                    .append("\"quantity\": ").append(quantity).append(", ")
                    .append("\"amount\": ").append(amount).append(", ")
                    .append("\"sold_at\": \"").append(at.format(DateTimeFormatter.ofPattern(
                            "yyyy-MM-dd'T'HH:mm:ss.SSS"))).append("Z\"}\n");
        }
        write(dir.resolve("starbake-sales.jsonl"), out);
    }

    private static void products(Path file) throws IOException {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<product>\n");
        List<Object[]> all = new ArrayList<>(List.of(PRODUCTS));
        // BAD: a cost that is not a number
        all.add(new Object[] {13, "Lemon Tart", "Pies", "12.40", "n/a"});
        for (Object[] p : all) {
            b.append("  <record>\n")
                    .append("    <product_id>").append(p[0]).append("</product_id>\n")
                    .append("    <name>").append(p[1]).append("</name>\n")
                    .append("    <price>").append(p[3]).append("</price>\n")
                    .append("    <cost>").append(p[4]).append("</cost>\n")
                    .append("    <description>Description for ").append(p[1]).append("</description>\n")
                    .append("    <category>").append(p[2]).append("</category>\n")
                    .append("  </record>\n");
        }
        b.append("</product>\n");
        write(file, b);
    }

    private static void write(Path file, CharSequence text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
