package org.opsconsole.sandbox.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.opsconsole.api.rest.Json;
import org.opsconsole.api.rest.Problem;
import org.opsconsole.api.rest.Requests;
import org.opsconsole.api.rest.Problem.FieldError;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /sandbox/platform/collections} {@code {"payCode","bankCode","bankSerial","amount","channel"?}}: an agency
 * bank reports a payment; the notice becomes paid. 201 with the collection; 404 when no notice has the 缴款码; 409
 * when the notice is paid or cancelled or the bank reported the serial before; 422 when the amount is not the notice's;
 * 400 naming the fields that are missing or wrong. A refused report changes nothing.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(PlatformContext.SELECT)
@HttpWhiteboardServletPattern("/collections")
public class PlatformCollectionsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final List<String> FIELDS = List.of("payCode", "bankCode", "bankSerial", "amount", "channel");

    private final transient PlatformOperations platform;

    @Activate
    public PlatformCollectionsServlet(@Reference PlatformOperations platform) {
        this.platform = platform;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<JsonNode> body = Requests.object(request, response, RequestInput.MAX_BODY);
        if (body.isEmpty()) {
            return;
        }
        JsonNode json = body.get();
        List<FieldError> errors = new ArrayList<>();
        Requests.unknownFields(json, FIELDS, errors);
        PlatformOperations.CollectionInput input = new PlatformOperations.CollectionInput(RequestInput.text(json, "payCode", errors),
                RequestInput.text(json, "bankCode", errors), RequestInput.text(json, "bankSerial", errors),
                Requests.decimal(json, "amount", errors), RequestInput.text(json, "channel", errors));
        if (!errors.isEmpty()) {
            // with the other fields' faults too, field by field in the input's order
            List<FieldError> all = new ArrayList<>(errors.stream().filter(e -> !FIELDS.contains(e.field())).toList());
            List<FieldError> checked = PlatformOperations.check(input);
            for (String field : FIELDS) {
                errors.stream().filter(e -> e.field().equals(field)).findFirst()
                        .or(() -> checked.stream().filter(e -> e.field().equals(field)).findFirst()).ifPresent(all::add);
            }
            Problem.badRequest(all).write(response);
            return;
        }
        PlatformOperations.Posted posted = platform.post(input);
        if (posted instanceof PlatformOperations.Posted.Created created) {
            Json.write(response, 201, created.collection());
        } else if (posted instanceof PlatformOperations.Posted.Invalid invalid) {
            Problem.badRequest(invalid.errors()).write(response);
        } else if (posted instanceof PlatformOperations.Posted.Refused refused) {
            boolean amount = refused.errors().stream().anyMatch(e -> e.field().equals("amount"));
            new Problem(null, amount ? "Unprocessable Content" : "Conflict", amount ? 422 : 409, refused.detail(), refused.errors())
                    .write(response);
        } else {
            Problem.of(404, "Not Found", "没有缴款码为 " + input.payCode() + " 的缴款书 / No payment notice " + input.payCode())
                    .write(response);
        }
    }
}
