package dev.sockloop.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The facts about the machine that a reader needs to judge a result.
 */
final class MachineInfo {

	private MachineInfo() {
	}

	static Map<String, Object> describe() {
		Map<String, Object> machine = new LinkedHashMap<>();
		machine.put("cpus", Runtime.getRuntime().availableProcessors());
		machine.put("cpuModel", cpuModel());
		machine.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
		machine.put("arch", System.getProperty("os.arch"));
		machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		return machine;
	}

	private static String cpuModel() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
				if (line.startsWith("model name")) {
					return line.substring(line.indexOf(':') + 1).trim();
				}
			}
		}
		catch (IOException ex) {
			// Not Linux, or /proc hidden: say so in the report rather than fail the run.
		}
		return "unknown";
	}

}
