package io.cognate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.devices.Device;
import io.cognate.domain.devices.DeviceService;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The device operations of a signed-in user (ConfirmDevice, GetDevice, ListDevices,
 * ForgetDevice, UpdateDeviceStatus): request shape in, response shape out.
 */
final class DeviceOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Cognito's {@code device_status} of a device that is tracked. */
    private static final String VALID = "valid";

    private final Supplier<DeviceService> devices;

    DeviceOperations(Supplier<DeviceService> devices) {
        this.devices = devices;
    }

    Map<String, Function<JsonRequest, JsonNode>> operations() {
        return Map.of(
                "ConfirmDevice", this::confirmDevice,
                "GetDevice", this::getDevice,
                "ListDevices", this::listDevices,
                "ForgetDevice", this::forgetDevice,
                "UpdateDeviceStatus", this::updateDeviceStatus);
    }

    private JsonNode confirmDevice(JsonRequest request) {
        String accessToken = request.required("AccessToken");
        String deviceKey = request.required("DeviceKey");
        String name = request.optional("DeviceName");
        JsonRequest verifier = request.object("DeviceSecretVerifierConfig");
        String salt = verifier == null ? null : verifier.optional("Salt");
        String passwordVerifier = verifier == null ? null : verifier.optional("PasswordVerifier");
        boolean necessary = devices.get().confirm(accessToken, deviceKey, name, salt, passwordVerifier);
        return NODES.objectNode().put("UserConfirmationNecessary", necessary);
    }

    private JsonNode getDevice(JsonRequest request) {
        Device device = devices.get().get(request.required("AccessToken"), request.required("DeviceKey"));
        ObjectNode response = NODES.objectNode();
        response.set("Device", deviceType(device));
        return response;
    }

    private JsonNode listDevices(JsonRequest request) {
        String accessToken = request.required("AccessToken");
        Integer limit = request.optionalInteger("Limit");
        var page = devices.get().list(accessToken, limit, request.optional("PaginationToken"));
        ObjectNode response = NODES.objectNode();
        var list = response.putArray("Devices");
        page.devices().forEach(device -> list.add(deviceType(device)));
        page.paginationToken().ifPresent(token -> response.put("PaginationToken", token));
        return response;
    }

    private JsonNode forgetDevice(JsonRequest request) {
        devices.get().forget(request.required("AccessToken"), request.required("DeviceKey"));
        return NODES.objectNode();
    }

    private JsonNode updateDeviceStatus(JsonRequest request) {
        devices.get().updateStatus(request.required("AccessToken"), request.required("DeviceKey"),
                request.required("DeviceRememberedStatus"));
        return NODES.objectNode();
    }

    /** Cognito's {@code DeviceType}: dates in epoch seconds with milliseconds, as Cognito's JSON has them. */
    private static ObjectNode deviceType(Device device) {
        ObjectNode type = NODES.objectNode();
        type.put("DeviceKey", device.key());
        var attributes = type.putArray("DeviceAttributes");
        attributes.addObject().put("Name", "device_status").put("Value", VALID);
        device.name().ifPresent(name -> attributes.addObject().put("Name", "device_name").put("Value", name));
        attributes.addObject().put("Name", "dev:device_remembered_status").put("Value", device.rememberedStatus());
        type.put("DeviceCreateDate", CognitoShapes.seconds(device.createdAt()));
        type.put("DeviceLastModifiedDate", CognitoShapes.seconds(device.lastModifiedAt()));
        type.put("DeviceLastAuthenticatedDate", CognitoShapes.seconds(device.lastAuthenticatedAt()));
        return type;
    }

}
