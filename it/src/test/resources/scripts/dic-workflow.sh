#!/usr/bin/env bash
# The DIC guide's workflow with the AWS CLI against a gateway, in two phases so that the caller can restart the
# gateway in between:
#   dic-workflow.sh create   WORKDIR   certificates with the guide's openssl commands, then every console step
#   dic-workflow.sh mqtt     WORKDIR   step 7: device and explorer exchange light/state and command over mTLS
#   dic-workflow.sh teardown WORKDIR   read everything back, then delete it in AWS's order
# Environment: AWS (the CLI binary), ENDPOINT (apiEndpoint), AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
# AWS_DEFAULT_REGION, EXPECTED_ENDPOINT_HOST; for mqtt also MQTT_HOST, MQTT_PORT, SERVER_CA. Exits non-zero with a message on the first mismatch.
set -euo pipefail
phase=$1 work=$2
cd "$work"
export AWS_PAGER="" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
iot() { "$AWS" --endpoint-url "$ENDPOINT" --output text iot "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
expect() { # expect LABEL ACTUAL EXPECTED
  [ "$2" = "$3" ] || fail "$1: expected '$3', got '$2'"
  echo "ok - $1"
}
expect_error() { # expect_error ERROR_TYPE CLI-ARGS...: the call must fail with that AWS error type
  local type=$1; shift
  if out=$(iot "$@" 2>&1); then fail "iot $* succeeded, expected $type"; fi
  case "$out" in *"$type"*) echo "ok - iot $1 refused with $type" ;; *) fail "iot $*: expected $type, got: $out" ;; esac
}
sha256_of_der() { openssl x509 -in "$1" -outform der | sha256sum | cut -d' ' -f1; }

case "$phase" in
create)
  # Step 1 of the guide, verbatim: an EC prime256v1 CA, then device and explorer certificates signed by it
  # (openssl x509 -req without extensions makes X.509 v1 leaves).
  openssl ecparam -name prime256v1 -genkey -noout -out CA.key
  openssl req -new -x509 -days 1826 -key CA.key -out CA.crt -subj "/C=US/O=DIC test/CN=DIC CA"
  for name in device explorer; do
    openssl ecparam -name prime256v1 -genkey -noout -out $name.key
    openssl req -new -key $name.key -out $name.csr -subj "/CN=$name"
    openssl x509 -req -in $name.csr -CA CA.crt -CAkey CA.key -CAcreateserial -out $name.crt -days 360 -sha256 2>/dev/null
  done
  expect "device certificate is X.509 v1" "$(openssl x509 -in device.crt -noout -text | grep -c 'Version: 1 ')" 1

  # Step 2: register the CA in multi-account mode, active, automatic registration on.
  ca_id=$(iot register-ca-certificate --ca-certificate file://CA.crt --certificate-mode SNI_ONLY \
    --set-as-active --allow-auto-registration --query certificateId)
  expect "CA certificate ID is SHA-256 of its DER" "$ca_id" "$(sha256_of_der CA.crt)"
  expect_error ResourceAlreadyExistsException register-ca-certificate --ca-certificate file://CA.crt \
    --certificate-mode SNI_ONLY

  # Step 3: the policy that allows everything.
  iot create-policy --policy-name DIC_POLICY \
    --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' \
    --query policyVersionId > policy-version
  expect "policy version" "$(cat policy-version)" 1

  # Steps 4 and 5: things named after the MQTT client IDs, certificates registered under the CA, attachments.
  for pair in device:DIC_2 explorer:DIC_EXPLORER; do
    name=${pair%%:*} thing=${pair#*:}
    iot create-thing --thing-name "$thing" --query thingName > /dev/null
    cert_arn=$(iot register-certificate --certificate-pem file://$name.crt --ca-certificate-pem file://CA.crt \
      --set-as-active --query certificateArn)
    expect "$name certificate ARN" "$cert_arn" \
      "arn:aws:iot:$AWS_DEFAULT_REGION:$ACCOUNT_ID:cert/$(sha256_of_der $name.crt)"
    iot attach-policy --policy-name DIC_POLICY --target "$cert_arn"
    iot attach-thing-principal --thing-name "$thing" --principal "$cert_arn"
    echo "$cert_arn" > $name.arn
  done
  expect_error ResourceAlreadyExistsException register-certificate --certificate-pem file://device.crt \
    --ca-certificate-pem file://CA.crt

  # Step 6: the endpoint the firmware and MQTT Explorer connect to.
  expect "data endpoint" "$(iot describe-endpoint --endpoint-type iot:Data-ATS --query endpointAddress)" \
    "$EXPECTED_ENDPOINT_HOST"
  echo "$ca_id" > ca.id
  ;;
mqtt)
  # The guide's step 7 with Debian's mosquitto clients (OpenSSL, SNI = the endpoint host): the explorer watches
  # light/#, the device publishes its state; the device listens on command, the explorer sends toggle.
  tls() { echo -h "$MQTT_HOST" -p "$MQTT_PORT" --cafile "$SERVER_CA" --cert "$1.crt" --key "$1.key" -i "$2"; }
  exchange() { # exchange LABEL SUB_CERT SUB_ID FILTER PUB_CERT PUB_ID TOPIC MESSAGE
    local out="received.$3" err="sub.$3.err"
    mosquitto_sub $(tls $2 $3) -t "$4" -C 1 -W 20 > "$out" 2> "$err" &
    local sub=$!
    # Publish until the subscription is in place and the message arrives (QoS 0, as the DIC firmware does).
    for _ in $(seq 1 30); do
      kill -0 $sub 2>/dev/null || break
      mosquitto_pub $(tls $5 $6) -t "$7" -m "$8" 2> pub.err || fail "$1: mosquitto_pub refused: $(cat pub.err)"
      sleep 0.5
    done
    wait $sub || fail "$1: mosquitto_sub failed: $(cat "$err")"
    expect "$1" "$(cat "$out")" "$8"
  }
  exchange "explorer sees the device's light/state" explorer DIC_EXPLORER 'light/#' device DIC_2 light/state on
  exchange "device gets the explorer's command" device DIC_2 command explorer DIC_EXPLORER command toggle

  # A certificate that leaves ACTIVE can no longer connect; back to ACTIVE, it can.
  device_id=$(cut -d/ -f2 < device.arn)
  iot update-certificate --certificate-id "$device_id" --new-status INACTIVE
  if mosquitto_pub $(tls device DIC_2) -t light/state -m off 2>/dev/null; then
    fail "an INACTIVE device certificate could still publish"
  fi
  echo "ok - INACTIVE device certificate refused"
  iot update-certificate --certificate-id "$device_id" --new-status ACTIVE
  mosquitto_pub $(tls device DIC_2) -t light/state -m off || fail "re-activated device certificate refused"
  echo "ok - re-activated device certificate accepted"
  ;;
teardown)
  ca_id=$(cat ca.id)
  device_arn=$(cat device.arn) explorer_arn=$(cat explorer.arn)
  device_id=${device_arn##*/}

  # Read back: everything the create phase made is still there (the gateway was restarted in between).
  expect "CA status" "$(iot describe-ca-certificate --certificate-id "$ca_id" \
    --query 'certificateDescription.[status,autoRegistrationStatus,certificateMode]')" "ACTIVE	ENABLE	SNI_ONLY"
  expect "device certificate" "$(iot describe-certificate --certificate-id "$device_id" \
    --query 'certificateDescription.[status,caCertificateId,certificateMode]')" "ACTIVE	$ca_id	SNI_ONLY"
  expect "certificates by CA" "$(iot list-certificates-by-ca --ca-certificate-id "$ca_id" \
    --query 'length(certificates)')" 2
  expect "things" "$(iot list-things --query 'sort(things[].thingName)' | tr '\t' ' ')" "DIC_2 DIC_EXPLORER"
  expect "thing principal" "$(iot list-thing-principals --thing-name DIC_2 --query 'principals[0]')" "$device_arn"
  expect "principal things" "$(iot list-principal-things --principal "$explorer_arn" --query 'things[0]')" \
    DIC_EXPLORER
  expect "attached policies" "$(iot list-attached-policies --target "$device_arn" \
    --query 'policies[0].policyName')" DIC_POLICY
  expect "policy targets" "$(iot list-targets-for-policy --policy-name DIC_POLICY --query 'length(targets)')" 2
  expect "policy document" "$(iot get-policy --policy-name DIC_POLICY --query policyDocument)" \
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'

  # AWS's preconditions hold: nothing is deleted out of order.
  expect_error CertificateStateException delete-certificate --certificate-id "$device_id"
  expect_error DeleteConflictException delete-policy --policy-name DIC_POLICY
  expect_error InvalidRequestException delete-thing --thing-name DIC_2
  expect_error CertificateStateException delete-ca-certificate --certificate-id "$ca_id"

  # Tear down in AWS's order.
  for pair in device:DIC_2 explorer:DIC_EXPLORER; do
    name=${pair%%:*} thing=${pair#*:}
    arn=$(cat $name.arn)
    iot detach-thing-principal --thing-name "$thing" --principal "$arn"
    iot detach-policy --policy-name DIC_POLICY --target "$arn"
    iot update-certificate --certificate-id "${arn##*/}" --new-status INACTIVE
    iot delete-certificate --certificate-id "${arn##*/}"
    iot delete-thing --thing-name "$thing"
  done
  iot delete-policy --policy-name DIC_POLICY
  iot update-ca-certificate --certificate-id "$ca_id" --new-status INACTIVE
  iot delete-ca-certificate --certificate-id "$ca_id"
  expect "things after teardown" "$(iot list-things --query 'length(things)')" 0
  expect "certificates after teardown" "$(iot list-certificates --query 'length(certificates)')" 0
  expect "CAs after teardown" "$(iot list-ca-certificates --query 'length(certificates)')" 0
  expect "policies after teardown" "$(iot list-policies --query 'length(policies)')" 0
  ;;
*)
  fail "unknown phase $phase"
  ;;
esac
