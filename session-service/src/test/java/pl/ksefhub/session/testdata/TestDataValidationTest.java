package pl.ksefhub.session.testdata;

import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.session.testdata.TestDataApi.Identifier;
import pl.ksefhub.session.testdata.TestDataApi.Permission;
import pl.ksefhub.session.testdata.TestDataApi.PermissionsGrantRequest;
import pl.ksefhub.session.testdata.TestDataApi.SubjectCreateRequest;
import pl.ksefhub.session.testdata.TestDataApi.Subunit;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestDataValidationTest {

    private static final String FINGERPRINT = "ab".repeat(32);

    @Test
    void enumerationsMatchInAnyCaseAndComeOutInTheSpecsSpelling() {
        TestDataValidation.Grant grant = TestDataValidation.grant(new PermissionsGrantRequest(
                new Identifier("nip", "3755747347"), new Identifier("FINGERPRINT", FINGERPRINT),
                List.of(new Permission("Opis testowy", "invoiceread"), new Permission("Opis testowy", "InvoiceRead"),
                        new Permission("Opis testowy", "SUBUNITMANAGE"))));
        assertEquals("3755747347", grant.grantee().contextNip());
        assertEquals("Fingerprint", grant.grantee().subjectType());
        assertEquals(FINGERPRINT.toUpperCase(), grant.grantee().subjectValue(), "fingerprints are kept upper-case");
        assertEquals(List.of("InvoiceRead", "SubunitManage"), grant.permissions());
    }

    @Test
    void aSubunitMayNotRepeatItsParentOrAnotherSubunit() {
        KsefException e = assertThrows(KsefException.class, () -> TestDataValidation.subject(
                new SubjectCreateRequest("3755747347", "vatgroup", List.of(
                        new Subunit("4972530874", "członek grupy 1"), new Subunit("4972530874", "członek grupy 2"),
                        new Subunit("3755747347", "członek grupy 3")), "Grupa VAT", null)));
        assertEquals(21405, e.code());
        assertEquals(List.of("'subunits[1].subjectNip' must be unique within the request.",
                "'subunits[2].subjectNip' must be unique within the request."), e.details());
    }

    @Test
    void descriptionsHaveFiveTo256Characters() {
        assertEquals("JST 5", TestDataValidation.subject(new SubjectCreateRequest("3755747347", "jst", null,
                "JST 5", null)).description());
        KsefException e = assertThrows(KsefException.class, () -> TestDataValidation.subject(
                new SubjectCreateRequest("3755747347", "JST", null, "x".repeat(257), null)));
        assertEquals(List.of("'description' must be between 5 and 256 characters. You entered 257 characters."),
                e.details());
    }

    @Test
    void aBlockWithoutAContextIsLeftToTheCaller() {
        assertEquals(null, TestDataValidation.context(new TestDataApi.ContextAuthenticationRequest(null)));
        assertEquals(new TestDataValidation.ValidContext("NipVatUe", "3755747347-DE123456789"),
                TestDataValidation.context(new TestDataApi.ContextAuthenticationRequest(
                        new Identifier("nipvatue", "3755747347-DE123456789"))));
        assertEquals(new TestDataValidation.ValidContext("PeppolId", "PPL123456"),
                TestDataValidation.context(new TestDataApi.ContextAuthenticationRequest(
                        new Identifier("PeppolId", "PPL123456"))));
    }

    @Test
    void theOwnerHoldsEverythingButVatUeManageAndOnlyABailiffEnforcementOperations() {
        List<String> owner = SubjectStanding.ownerPermissions(false);
        assertTrue(owner.contains("Owner") && owner.contains("InvoiceWrite") && owner.contains("SubunitManage"));
        assertFalse(owner.contains("VatUeManage") || owner.contains("EnforcementOperations"));
        assertTrue(SubjectStanding.ownerPermissions(true).contains("EnforcementOperations"));
    }
}
