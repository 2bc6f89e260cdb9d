package dev.sockloop.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every table in the README and docs/*.md renders as one table: each row has the header's number
 * of cells (GitHub splits cells on every unescaped pipe, inside code spans too), and no row stands
 * outside a table (a paragraph inside a table ends it, and the rows after it render as text).
 */
class MarkdownTablesTests {

	private static final Path ROOT = Path.of("..");

	@Test
	void everyTableRowShouldHaveTheHeadersCellsAndBelongToATable() throws IOException {
		List<String> problems = new ArrayList<>();
		for (Path document : documents()) {
			problems.addAll(problems(ROOT.relativize(document).toString(), Files.readAllLines(document)));
		}
		assertThat(problems).isEmpty();
	}

	private static List<Path> documents() throws IOException {
		try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
			List<Path> documents = new ArrayList<>(docs.filter((path) -> path.toString().endsWith(".md")).sorted().toList());
			documents.add(ROOT.resolve("README.md"));
			return documents;
		}
	}

	static List<String> problems(String name, List<String> lines) {
		List<String> problems = new ArrayList<>();
		int columns = -1;
		boolean inCode = false;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).strip();
			if (line.startsWith("```")) {
				inCode = !inCode;
				continue;
			}
			if (inCode || !line.startsWith("|")) {
				columns = -1;
				continue;
			}
			int cells = cells(line);
			if (columns < 0) {
				boolean header = i + 1 < lines.size() && lines.get(i + 1).strip().matches("\\|( *:?-+:? *\\|)+");
				if (!header) {
					problems.add(name + ":" + (i + 1) + ": row outside a table: " + line);
					continue;
				}
				columns = cells;
			}
			else if (cells != columns) {
				problems.add(name + ":" + (i + 1) + ": " + cells + " cells, the header has " + columns + ": " + line);
			}
		}
		return problems;
	}

	/** Cells of a row: the unescaped pipes between its outer ones. */
	private static int cells(String row) {
		int pipes = 0;
		for (int i = 0; i < row.length(); i++) {
			if (row.charAt(i) == '\\') {
				i++;
			}
			else if (row.charAt(i) == '|') {
				pipes++;
			}
		}
		return pipes - 1;
	}

}
