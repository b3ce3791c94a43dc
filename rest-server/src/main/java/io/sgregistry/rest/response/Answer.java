package io.sgregistry.rest.response;

import java.util.Map;

/** A response before it is written: status, Content-Type (null: none), body (null: none), other headers. */
public record Answer(int status, String contentType, String body, Map<String, String> headers) {
}
