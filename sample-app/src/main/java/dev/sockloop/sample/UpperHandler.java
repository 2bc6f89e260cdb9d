package dev.sockloop.sample;

import java.util.Locale;

import dev.sockloop.spring.Codec;
import dev.sockloop.spring.SocketHandler;
import reactor.core.publisher.Flux;

/**
 * Answers each line with the same line upper-cased.
 */
@SocketHandler(name = "upper", codec = Codec.LINE)
class UpperHandler {

	Flux<String> upper(Flux<String> lines) {
		return lines.map((line) -> line.toUpperCase(Locale.ROOT));
	}

}
