package dev.sockloop.autoconfigure;

import java.util.Locale;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a server that could not start, naming the port when it is already in use.
 */
class SocketServerStartFailureAnalyzer extends AbstractFailureAnalyzer<SocketServerStartException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SocketServerStartException cause) {
		if (cause.getPath() != null) {
			return new FailureAnalysis(cause.getMessage(),
					"Check 'sockloop.servers." + cause.getServerName() + ".path' (" + cause.getPath()
							+ "): its directory must exist and be writable, and nothing but a stale socket of "
							+ "ours may be at that path.",
					cause);
		}
		if (isAddressInUse(cause)) {
			return new FailureAnalysis(
					"Sockloop server '" + cause.getServerName() + "' failed to start: port " + cause.getPort()
							+ " on " + cause.getAddress() + " is already in use.",
					"Identify and stop the process that is listening on port " + cause.getPort()
							+ ", or set 'sockloop.servers." + cause.getServerName()
							+ ".port' to another port (0 picks a free one). To take over from another instance of "
							+ "this application on the same port, set 'sockloop.servers." + cause.getServerName()
							+ ".share-port=true'.",
					cause);
		}
		return new FailureAnalysis(cause.getMessage(),
				"Check the settings under 'sockloop.servers." + cause.getServerName() + "' and the cause below.",
				cause);
	}

	private static boolean isAddressInUse(SocketServerStartException exception) {
		// The engine reports errno by name and text; match both rather than depend on one wording.
		for (Throwable t = exception; t != null; t = t.getCause()) {
			String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
			if (message.contains("eaddrinuse") || message.contains("address already in use")) {
				return true;
			}
		}
		return false;
	}

}
