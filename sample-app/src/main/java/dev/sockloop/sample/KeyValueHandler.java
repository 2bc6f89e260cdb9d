package dev.sockloop.sample;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sockloop.spring.Codec;
import dev.sockloop.spring.SocketHandler;

/**
 * A key-value store over JSON lines: {@code {"op":"put","key":"a","value":"1"}} answers
 * {@code {"ok":true}}, {@code {"op":"get","key":"a"}} answers {@code {"ok":true,"value":"1"}}
 * ({@code {"ok":false}} for a missing key). One answer line per request line, in order; a line that
 * is not JSON closes the connection as a bad frame. Keys are capped so that peers cannot fill the
 * heap: {@code max-frame-length} (application.yml) bounds each line, {@link #MAX_KEYS} their number.
 */
@SocketHandler(name = "kv", codec = Codec.LINE)
class KeyValueHandler {

	static final int MAX_KEYS = 10_000;

	private final Map<String, String> values = new ConcurrentHashMap<>();

	Reply handle(Request request) {
		if (request.key() == null) {
			return Reply.FAILED;
		}
		return switch (String.valueOf(request.op())) {
			case "get" -> Reply.of(this.values.get(request.key()));
			case "put" -> put(request.key(), request.value());
			default -> Reply.FAILED;
		};
	}

	private Reply put(String key, String value) {
		if (value == null || (this.values.size() >= MAX_KEYS && !this.values.containsKey(key))) {
			return Reply.FAILED;
		}
		this.values.put(key, value);
		return Reply.OK;
	}

	record Request(String op, String key, String value) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Reply(boolean ok, String value) {

		static final Reply OK = new Reply(true, null);

		static final Reply FAILED = new Reply(false, null);

		static Reply of(String value) {
			return (value != null) ? new Reply(true, value) : FAILED;
		}

	}

}
