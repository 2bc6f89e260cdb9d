package dev.sockloop.benchmarks.report;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Just enough JSON for the benchmarks: writes maps, lists, strings, numbers and booleans, and reads
 * back the flat objects that the load commands print. Not a general JSON library on purpose: the
 * benchmarks jar should not pull in a serialisation stack to print one line.
 */
public final class Json {

	private Json() {
	}

	/**
	 * Writes a value as compact JSON.
	 * @param value a map, list, string, number, boolean or {@code null}
	 * @return the JSON text
	 */
	public static String write(Object value) {
		StringBuilder out = new StringBuilder();
		write(value, out, null, 0);
		return out.toString();
	}

	/**
	 * Writes a value as indented JSON.
	 * @param value a map, list, string, number, boolean or {@code null}
	 * @return the JSON text
	 */
	public static String writePretty(Object value) {
		StringBuilder out = new StringBuilder();
		write(value, out, "  ", 0);
		return out.append('\n').toString();
	}

	private static void write(Object value, StringBuilder out, String indent, int level) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof Map<?, ?> map) {
			out.append('{');
			Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
			while (entries.hasNext()) {
				Map.Entry<?, ?> entry = entries.next();
				newline(out, indent, level + 1);
				writeString(String.valueOf(entry.getKey()), out);
				out.append((indent != null) ? ": " : ":");
				write(entry.getValue(), out, indent, level + 1);
				if (entries.hasNext()) {
					out.append(',');
				}
			}
			if (!map.isEmpty()) {
				newline(out, indent, level);
			}
			out.append('}');
		}
		else if (value instanceof List<?> list) {
			out.append('[');
			for (int i = 0; i < list.size(); i++) {
				newline(out, indent, level + 1);
				write(list.get(i), out, indent, level + 1);
				if (i + 1 < list.size()) {
					out.append(',');
				}
			}
			if (!list.isEmpty()) {
				newline(out, indent, level);
			}
			out.append(']');
		}
		else if (value instanceof Double || value instanceof Float) {
			double number = ((Number) value).doubleValue();
			if (Double.isNaN(number) || Double.isInfinite(number)) {
				out.append("null");
			}
			else if (number == Math.rint(number) && Math.abs(number) < 1e15) {
				out.append((long) number);
			}
			else {
				out.append(String.format(Locale.ROOT, "%.3f", number));
			}
		}
		else if (value instanceof Number || value instanceof Boolean) {
			out.append(value);
		}
		else {
			writeString(value.toString(), out);
		}
	}

	private static void newline(StringBuilder out, String indent, int level) {
		if (indent != null) {
			out.append('\n').append(indent.repeat(level));
		}
	}

	private static void writeString(String text, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

	/**
	 * Reads a flat JSON object whose values are numbers, strings, booleans or {@code null}.
	 * @param text the JSON text
	 * @return numbers as {@link Double}, strings as {@link String}, booleans as {@link Boolean}
	 * @throws IllegalArgumentException if the text is not such an object
	 */
	public static Map<String, Object> readFlatObject(String text) {
		Reader reader = new Reader(text.trim());
		return reader.object();
	}

	private static final class Reader {

		private final String text;

		private int position;

		Reader(String text) {
			this.text = text;
		}

		Map<String, Object> object() {
			Map<String, Object> values = new LinkedHashMap<>();
			expect('{');
			skipSpace();
			if (peek() == '}') {
				this.position++;
				return values;
			}
			while (true) {
				skipSpace();
				String key = string();
				skipSpace();
				expect(':');
				skipSpace();
				values.put(key, value());
				skipSpace();
				char next = next();
				if (next == '}') {
					return values;
				}
				if (next != ',') {
					throw error("',' or '}'");
				}
			}
		}

		private Object value() {
			char c = peek();
			if (c == '"') {
				return string();
			}
			int start = this.position;
			while (this.position < this.text.length() && ",} \n\r\t".indexOf(this.text.charAt(this.position)) < 0) {
				this.position++;
			}
			String word = this.text.substring(start, this.position);
			switch (word) {
				case "null":
					return null;
				case "true":
					return Boolean.TRUE;
				case "false":
					return Boolean.FALSE;
				default:
					try {
						return Double.parseDouble(word);
					}
					catch (NumberFormatException ex) {
						throw error("a value");
					}
			}
		}

		private String string() {
			expect('"');
			StringBuilder out = new StringBuilder();
			while (true) {
				char c = next();
				if (c == '"') {
					return out.toString();
				}
				if (c == '\\') {
					char escaped = next();
					switch (escaped) {
						case 'n' -> out.append('\n');
						case 'r' -> out.append('\r');
						case 't' -> out.append('\t');
						case 'u' -> {
							out.append((char) Integer.parseInt(this.text.substring(this.position, this.position + 4), 16));
							this.position += 4;
						}
						default -> out.append(escaped);
					}
				}
				else {
					out.append(c);
				}
			}
		}

		private void skipSpace() {
			while (this.position < this.text.length() && Character.isWhitespace(this.text.charAt(this.position))) {
				this.position++;
			}
		}

		private char peek() {
			if (this.position >= this.text.length()) {
				throw error("more input");
			}
			return this.text.charAt(this.position);
		}

		private char next() {
			char c = peek();
			this.position++;
			return c;
		}

		private void expect(char c) {
			if (next() != c) {
				throw error("'" + c + "'");
			}
		}

		private IllegalArgumentException error(String expected) {
			return new IllegalArgumentException("Expected " + expected + " at " + this.position + " in " + this.text);
		}

	}

}
