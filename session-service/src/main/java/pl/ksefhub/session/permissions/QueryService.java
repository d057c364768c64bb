package pl.ksefhub.session.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.session.auth.xades.ContextIdentifiers;
import pl.ksefhub.session.permissions.Grant.Identifier;
import pl.ksefhub.session.permissions.Grant.Kind;
import pl.ksefhub.session.permissions.PermissionsApi.EntityAuthorizationGrant;
import pl.ksefhub.session.permissions.PermissionsApi.EntityAuthorizationPermissionsQueryRequest;
import pl.ksefhub.session.permissions.PermissionsApi.EntityPermissionItem;
import pl.ksefhub.session.permissions.PermissionsApi.EntityPermissionsQueryRequest;
import pl.ksefhub.session.permissions.PermissionsApi.EntityRole;
import pl.ksefhub.session.permissions.PermissionsApi.EuEntityPermission;
import pl.ksefhub.session.permissions.PermissionsApi.EuEntityPermissionsQueryRequest;
import pl.ksefhub.session.permissions.PermissionsApi.PersonPermission;
import pl.ksefhub.session.permissions.PermissionsApi.PersonPermissionsQueryRequest;
import pl.ksefhub.session.permissions.PermissionsApi.PersonalPermission;
import pl.ksefhub.session.permissions.PermissionsApi.PersonalPermissionsQueryRequest;
import pl.ksefhub.session.permissions.PermissionsApi.QueryEntityAuthorizationPermissionsResponse;
import pl.ksefhub.session.permissions.PermissionsApi.QueryEntityPermissionsResponse;
import pl.ksefhub.session.permissions.PermissionsApi.QueryEntityRolesResponse;
import pl.ksefhub.session.permissions.PermissionsApi.QueryEuEntityPermissionsResponse;
import pl.ksefhub.session.permissions.PermissionsApi.QueryPersonPermissionsResponse;
import pl.ksefhub.session.permissions.PermissionsApi.QueryPersonalPermissionsResponse;
import pl.ksefhub.session.permissions.PermissionsApi.QuerySubordinateEntityRolesResponse;
import pl.ksefhub.session.permissions.PermissionsApi.QuerySubunitPermissionsResponse;
import pl.ksefhub.session.permissions.PermissionsApi.SubordinateEntityRole;
import pl.ksefhub.session.permissions.PermissionsApi.SubordinateEntityRolesQueryRequest;
import pl.ksefhub.session.permissions.PermissionsApi.SubunitPermission;
import pl.ksefhub.session.permissions.PermissionsApi.SubunitPermissionsQueryRequest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The queries of uprawnienia.md ("Wyszukiwanie nadanych uprawnień"): the grants a context's queries may see are few
 * (those that work in it, were granted from it or name it as the target), so they are read at once and filtered,
 * sorted (startDate descending, id ascending, as the spec says) and paged ({@code pageOffset} is a page number) here.
 * Without {@code permissionState} a query lists active grants: a revoked one is gone from the lists at once.
 */
@ApplicationScoped
public class QueryService {

    static final int DEFAULT_PAGE_SIZE = 10;
    static final Set<String> PERSON_SCOPES = Set.of("CredentialsManage", "CredentialsRead", "InvoiceWrite",
            "InvoiceRead", "Introspection", "SubunitManage", "EnforcementOperations");
    static final Set<String> PERSONAL_SCOPES = Set.of("CredentialsManage", "CredentialsRead", "InvoiceWrite",
            "InvoiceRead", "Introspection", "SubunitManage", "EnforcementOperations", "VatUeManage");
    static final Set<String> STATES = Set.of(Grant.ACTIVE, Grant.INACTIVE);
    static final Set<String> CONTEXT_TYPES = Set.of("Nip", "InternalId");
    static final Set<String> TARGET_TYPES = Set.of("Nip", "AllPartners", "InternalId");
    static final Set<String> PERSON_TYPES = Set.of("Nip", "Pesel", "Fingerprint");
    static final Set<String> EU_SCOPES = Set.of("VatUeManage", "InvoiceWrite", "InvoiceRead", "Introspection");

    private final GrantStore grants;
    private final Callers callers;
    private final EntityRoles roles;
    private final ObjectMapper json;

    public QueryService(GrantStore grants, Callers callers, EntityRoles roles, ObjectMapper json) {
        this.grants = grants;
        this.callers = callers;
        this.roles = roles;
        this.json = json;
    }

    /** One page of a sorted list. */
    record Page<T>(List<T> items, boolean hasMore) {
    }

    /** {@code POST /permissions/query/personal/grants}: the caller's own permissions in the current context. */
    @WithSession
    public Uni<QueryPersonalPermissionsResponse> personal(KsefPrincipal principal,
                                                          PersonalPermissionsQueryRequest body, Integer pageOffset,
                                                          Integer pageSize) {
        PersonalPermissionsQueryRequest request = body != null ? body
                : new PersonalPermissionsQueryRequest(null, null, null, null);
        PermissionsValidation check = new PermissionsValidation();
        check.page(pageOffset, pageSize);
        Identifier contextFilter = request.contextIdentifier() == null ? null
                : check.identifier(request.contextIdentifier(), "contextIdentifier", CONTEXT_TYPES);
        Identifier targetFilter = request.targetIdentifier() == null ? null
                : check.identifier(request.targetIdentifier(), "targetIdentifier", TARGET_TYPES);
        types(check, request.permissionTypes(), PERSONAL_SCOPES);
        check.oneOf(request.permissionState(), "permissionState", STATES, false);
        check.throwIfAny();
        boolean owner = principal.permissions().contains("Owner");
        return callers.of(principal).chain(caller -> {
            List<Identifier> holders = new ArrayList<>(caller.identifiers());
            String contextNip = ContextIdentifiers.nipOf(caller.context().type(), caller.context().value());
            // An owner also sees what other entities granted its entity ("uprawnienia właścicielskie").
            Identifier ownEntity = owner && "Nip".equals(caller.context().type())
                    ? new Identifier("Nip", contextNip) : null;
            if (ownEntity != null && !caller.is(ownEntity)) {
                holders.add(ownEntity);
            }
            return grants.heldBy(holders).map(held -> {
                Stream<Grant> mine = held.stream().filter(grant -> {
                    if (ownEntity != null && grant.subject().is(ownEntity) && grant.kind() == Kind.Entity
                            && !grant.context().is(caller.context())) {
                        return true;
                    }
                    if (!caller.is(grant.subject())) {
                        return false;
                    }
                    return switch (grant.kind()) {
                        case Indirect -> grant.context().is(caller.context()) || grant.target().is(caller.context());
                        case Authorization -> false;
                        default -> grant.context().is(caller.context());
                    };
                });
                Page<PersonalPermission> page = page(mine
                        .filter(state(request.permissionState()))
                        .filter(grant -> contextFilter == null || grant.context().is(contextFilter))
                        .filter(grant -> targetFilter == null || matchesTarget(grant, targetFilter))
                        .filter(grant -> request.permissionTypes() == null || request.permissionTypes().isEmpty()
                                || request.permissionTypes().contains(grant.permission())), pageOffset, pageSize,
                        this::personalItem);
                return new QueryPersonalPermissionsResponse(page.items(), page.hasMore());
            });
        });
    }

    /**
     * {@code POST /permissions/query/persons/grants}. {@code PermissionsInCurrentContext}: who may work in the
     * current context (directly, or indirectly for it or through it). {@code PermissionsGrantedInCurrentContext}:
     * what was granted from the current context, by anyone in it, to work in it, in its subunits or for its
     * clients.
     */
    @WithSession
    public Uni<QueryPersonPermissionsResponse> persons(KsefPrincipal principal, PersonPermissionsQueryRequest body,
                                                       Integer pageOffset, Integer pageSize) {
        PermissionsValidation check = new PermissionsValidation();
        check.require(body, "request");
        if (body == null) {
            check.throwIfAny();
        }
        check.page(pageOffset, pageSize);
        check.oneOf(body.queryType(), "queryType",
                Set.of("PermissionsInCurrentContext", "PermissionsGrantedInCurrentContext"), true);
        Identifier author = body.authorIdentifier() == null ? null
                : "System".equals(body.authorIdentifier().type()) ? new Identifier(Grant.SYSTEM, null)
                : check.identifier(body.authorIdentifier(), "authorIdentifier", PERSON_TYPES);
        Identifier authorized = body.authorizedIdentifier() == null ? null
                : check.identifier(body.authorizedIdentifier(), "authorizedIdentifier", PERSON_TYPES);
        Identifier contextFilter = body.contextIdentifier() == null ? null
                : check.identifier(body.contextIdentifier(), "contextIdentifier", CONTEXT_TYPES);
        Identifier targetFilter = body.targetIdentifier() == null ? null
                : check.identifier(body.targetIdentifier(), "targetIdentifier", TARGET_TYPES);
        types(check, body.permissionTypes(), PERSON_SCOPES);
        check.oneOf(body.permissionState(), "permissionState", STATES, false);
        check.throwIfAny();
        boolean granted = "PermissionsGrantedInCurrentContext".equals(body.queryType());
        Identifier context = new Identifier(principal.contextType(), principal.contextValue());
        return grants.involving(context).map(candidates -> {
            Page<PersonPermission> page = page(candidates.stream()
                    .filter(grant -> Set.of(Kind.Person, Kind.Entity, Kind.Subunit, Kind.Indirect)
                            .contains(grant.kind()))
                    .filter(grant -> granted ? grant.grantedIn().is(context)
                            : grant.kind() == Kind.Indirect
                            ? grant.context().is(context) || grant.target().is(context)
                            : grant.context().is(context))
                    .filter(state(body.permissionState()))
                    .filter(grant -> author == null || grant.author().is(author))
                    .filter(grant -> authorized == null || grant.subject().is(authorized))
                    .filter(grant -> contextFilter == null || grant.context().is(contextFilter))
                    .filter(grant -> targetFilter == null || matchesTarget(grant, targetFilter))
                    .filter(grant -> body.permissionTypes() == null || body.permissionTypes().isEmpty()
                            || body.permissionTypes().contains(grant.permission())), pageOffset, pageSize,
                    this::personItem);
            return new QueryPersonPermissionsResponse(page.items(), page.hasMore());
        });
    }

    /** {@code POST /permissions/query/subunits/grants}: administrators of subunits appointed from this context. */
    @WithSession
    public Uni<QuerySubunitPermissionsResponse> subunits(KsefPrincipal principal, SubunitPermissionsQueryRequest body,
                                                         Integer pageOffset, Integer pageSize) {
        PermissionsValidation check = new PermissionsValidation();
        check.page(pageOffset, pageSize);
        Identifier subunit = body == null || body.subunitIdentifier() == null ? null
                : check.identifier(body.subunitIdentifier(), "subunitIdentifier", Set.of("InternalId", "Nip"));
        check.throwIfAny();
        Identifier context = new Identifier(principal.contextType(), principal.contextValue());
        return grants.involving(context).map(candidates -> {
            Page<SubunitPermission> page = page(candidates.stream()
                    .filter(grant -> grant.kind() == Kind.Subunit && grant.active() && grant.grantedIn().is(context))
                    .filter(grant -> subunit == null || grant.context().is(subunit)), pageOffset, pageSize,
                    grant -> new SubunitPermission(grant.id(), api(grant.subject()), api(grant.context()),
                            authorOf(grant), grant.permission(), grant.description(), personDetails(grant),
                            grant.subunitName(), grant.createdAt()));
            return new QuerySubunitPermissionsResponse(page.items(), page.hasMore());
        });
    }

    /** {@code POST /permissions/query/entities/grants}: what other entities let the current context's do. */
    @WithSession
    public Uni<QueryEntityPermissionsResponse> entities(KsefPrincipal principal, EntityPermissionsQueryRequest body,
                                                        Integer pageOffset, Integer pageSize) {
        PermissionsValidation check = new PermissionsValidation();
        check.page(pageOffset, pageSize);
        Identifier grantor = body == null || body.contextIdentifier() == null ? null
                : check.identifier(body.contextIdentifier(), "contextIdentifier", CONTEXT_TYPES);
        check.throwIfAny();
        String nip = ContextIdentifiers.nipOf(principal.contextType(), principal.contextValue());
        if (nip == null) {
            return Uni.createFrom().item(new QueryEntityPermissionsResponse(List.of(), false));
        }
        return grants.heldBy(List.of(new Identifier("Nip", nip))).map(held -> {
            Page<EntityPermissionItem> page = page(held.stream()
                    .filter(grant -> grant.kind() == Kind.Entity && grant.active())
                    .filter(grant -> grantor == null || grant.context().is(grantor)), pageOffset, pageSize,
                    grant -> new EntityPermissionItem(grant.id(), api(grant.context()), grant.permission(),
                            grant.description(), grant.createdAt(), grant.canDelegate()));
            return new QueryEntityPermissionsResponse(page.items(), page.hasMore());
        });
    }

    /** {@code GET /permissions/query/entities/roles}. */
    @WithSession
    public Uni<QueryEntityRolesResponse> roles(KsefPrincipal principal, Integer pageOffset, Integer pageSize) {
        PermissionsValidation check = new PermissionsValidation();
        check.page(pageOffset, pageSize);
        check.throwIfAny();
        return roles.of(ContextIdentifiers.nipOf(principal.contextType(), principal.contextValue())).map(held -> {
            List<EntityRole> all = held.stream()
                    .sorted(Comparator.comparing(EntityRoles.Role::startDate).reversed())
                    .map(role -> new EntityRole(role.parentNip() == null ? null
                            : new PermissionsApi.Identifier("Nip", role.parentNip()), role.role(),
                            role.description(), role.startDate()))
                    .toList();
            Page<EntityRole> page = slice(all, pageOffset, pageSize);
            return new QueryEntityRolesResponse(page.items(), page.hasMore());
        });
    }

    /** {@code POST /permissions/query/subordinate-entities/roles}. */
    @WithSession
    public Uni<QuerySubordinateEntityRolesResponse> subordinates(KsefPrincipal principal,
                                                                 SubordinateEntityRolesQueryRequest body,
                                                                 Integer pageOffset, Integer pageSize) {
        PermissionsValidation check = new PermissionsValidation();
        check.page(pageOffset, pageSize);
        Identifier subordinate = body == null || body.subordinateEntityIdentifier() == null ? null
                : check.identifier(body.subordinateEntityIdentifier(), "subordinateEntityIdentifier", Set.of("Nip"));
        check.throwIfAny();
        String nip = ContextIdentifiers.nipOf(principal.contextType(), principal.contextValue());
        if (nip == null) {
            return Uni.createFrom().item(new QuerySubordinateEntityRolesResponse(List.of(), false));
        }
        return roles.subordinatesOf(nip).map(all -> {
            List<SubordinateEntityRole> matching = all.stream()
                    .filter(s -> subordinate == null || s.nip().equals(subordinate.value()))
                    .sorted(Comparator.comparing(EntityRoles.Subordinate::startDate).reversed()
                            .thenComparing(EntityRoles.Subordinate::nip))
                    .map(s -> new SubordinateEntityRole(new PermissionsApi.Identifier("Nip", s.nip()), s.role(),
                            s.description(), s.startDate()))
                    .toList();
            Page<SubordinateEntityRole> page = slice(matching, pageOffset, pageSize);
            return new QuerySubordinateEntityRolesResponse(page.items(), page.hasMore());
        });
    }

    /** {@code POST /permissions/query/authorizations/grants}: authorizations granted by or to the context. */
    @WithSession
    public Uni<QueryEntityAuthorizationPermissionsResponse> authorizations(
            KsefPrincipal principal, EntityAuthorizationPermissionsQueryRequest body, Integer pageOffset,
            Integer pageSize) {
        PermissionsValidation check = new PermissionsValidation();
        check.require(body, "request");
        if (body == null) {
            check.throwIfAny();
        }
        check.page(pageOffset, pageSize);
        check.oneOf(body.queryType(), "queryType", Set.of("Granted", "Received"), true);
        Identifier authorizing = body.authorizingIdentifier() == null ? null
                : check.identifier(body.authorizingIdentifier(), "authorizingIdentifier", Set.of("Nip"));
        Identifier authorized = body.authorizedIdentifier() == null ? null
                : check.identifier(body.authorizedIdentifier(), "authorizedIdentifier", Set.of("Nip", "PeppolId"));
        types(check, body.permissionTypes(), GrantService.AUTHORIZATIONS);
        check.throwIfAny();
        Identifier context = new Identifier(principal.contextType(), principal.contextValue());
        boolean received = "Received".equals(body.queryType());
        Uni<List<Grant>> candidates = received ? grants.activeOfKind(Kind.Authorization, context)
                : grants.involving(context);
        return candidates.map(all -> {
            Page<EntityAuthorizationGrant> page = page(all.stream()
                    .filter(grant -> grant.kind() == Kind.Authorization && grant.active())
                    .filter(grant -> received ? grant.subject().is(context) : grant.context().is(context))
                    .filter(grant -> authorizing == null || grant.context().is(authorizing))
                    .filter(grant -> authorized == null || grant.subject().is(authorized))
                    .filter(grant -> body.permissionTypes() == null || body.permissionTypes().isEmpty()
                            || body.permissionTypes().contains(grant.permission())), pageOffset, pageSize,
                    grant -> new EntityAuthorizationGrant(grant.id(), authorOf(grant), api(grant.subject()),
                            api(grant.context()), grant.permission(), grant.description(),
                            entityDetails(grant, "EntityByIdentifier"), grant.createdAt()));
            return new QueryEntityAuthorizationPermissionsResponse(page.items(), page.hasMore());
        });
    }

    /**
     * {@code POST /permissions/query/eu-entities/grants}: in a NIP context the administrators of its EU entities,
     * in a NIP-VAT UE context its administrators and representatives.
     */
    @WithSession
    public Uni<QueryEuEntityPermissionsResponse> euEntities(KsefPrincipal principal,
                                                            EuEntityPermissionsQueryRequest body, Integer pageOffset,
                                                            Integer pageSize) {
        EuEntityPermissionsQueryRequest request = body != null ? body
                : new EuEntityPermissionsQueryRequest(null, null, null);
        PermissionsValidation check = new PermissionsValidation();
        check.page(pageOffset, pageSize);
        types(check, request.permissionTypes(), EU_SCOPES);
        check.throwIfAny();
        Identifier context = new Identifier(principal.contextType(), principal.contextValue());
        boolean euContext = "NipVatUe".equals(context.type());
        return grants.involving(context).map(candidates -> {
            List<Grant> eu = candidates.stream().filter(Grant::active)
                    .filter(grant -> grant.kind() == Kind.EuEntityAdministration
                            || grant.kind() == Kind.EuEntityRepresentative)
                    .toList();
            Page<EuEntityPermission> page = page(eu.stream()
                    .filter(grant -> euContext ? grant.context().is(context)
                            : grant.kind() == Kind.EuEntityAdministration && grant.grantedIn().is(context))
                    .filter(grant -> request.vatUeIdentifier() == null
                            || grant.context().value().endsWith("-" + request.vatUeIdentifier()))
                    .filter(grant -> request.authorizedFingerprintIdentifier() == null
                            || grant.subject().value().equalsIgnoreCase(request.authorizedFingerprintIdentifier()))
                    .filter(grant -> request.permissionTypes() == null || request.permissionTypes().isEmpty()
                            || request.permissionTypes().contains(grant.permission())), pageOffset, pageSize,
                    grant -> euItem(grant, eu));
            return new QueryEuEntityPermissionsResponse(page.items(), page.hasMore());
        });
    }

    private EuEntityPermission euItem(Grant grant, List<Grant> eu) {
        Grant administration = grant.kind() == Kind.EuEntityAdministration ? grant : eu.stream()
                .filter(other -> other.kind() == Kind.EuEntityAdministration && other.context().is(grant.context()))
                .findFirst().orElse(null);
        String name = administration == null ? grant.context().value() : administration.euEntityName();
        JsonNode details = read(grant.subjectDetails());
        JsonNode entity = details == null ? null : details.get("entityByFp");
        ObjectNode entityDetails = null;
        if (entity != null && !entity.isNull()) {
            entityDetails = json.createObjectNode().put("subjectDetailsType", "EntityByFingerprint");
            entityDetails.set("fullName", entity.get("fullName"));
            entityDetails.set("address", entity.get("address"));
        }
        String value = grant.context().value();
        return new EuEntityPermission(grant.id(), authorOf(grant), value.substring(value.indexOf('-') + 1), name,
                grant.subject().value(), grant.permission(), grant.description(), personDetails(grant),
                entityDetails, administration == null ? null : read(administration.euEntityDetails()),
                grant.createdAt());
    }

    private PersonalPermission personalItem(Grant grant) {
        // One's own grants need not name oneself: the authorized is named for an entity's grants only.
        return new PersonalPermission(grant.id(), CONTEXT_TYPES.contains(grant.context().type())
                ? api(grant.context()) : null, grant.kind() == Kind.Entity ? api(grant.subject()) : null,
                api(grant.target()), grant.permission(),
                grant.description(), personDetails(grant), entityDetails(grant, "EntityByIdentifier"), grant.state(),
                grant.createdAt(), grant.canDelegate());
    }

    private PersonPermission personItem(Grant grant) {
        return new PersonPermission(grant.id(), api(grant.subject()), CONTEXT_TYPES.contains(grant.context().type())
                ? api(grant.context()) : null, api(grant.target()), authorOf(grant), grant.permission(),
                grant.description(), personDetails(grant), entityDetails(grant, "EntityByIdentifier"), grant.state(),
                grant.createdAt(), grant.canDelegate());
    }

    /** The request's {@code subjectDetails} of a person, flattened into {@code PermissionsSubjectPersonDetails}. */
    private JsonNode personDetails(Grant grant) {
        JsonNode details = read(grant.subjectDetails());
        if (details == null || details.get("subjectDetailsType") == null) {
            return null;
        }
        String type = details.get("subjectDetailsType").asText();
        JsonNode person = switch (type) {
            case "PersonByIdentifier" -> details.get("personById");
            case "PersonByFingerprintWithIdentifier" -> details.get("personByFpWithId");
            case "PersonByFingerprintWithoutIdentifier" -> details.get("personByFpNoId");
            default -> null;
        };
        if (person == null || person.isNull()) {
            return null;
        }
        ObjectNode flat = json.createObjectNode().put("subjectDetailsType", type);
        flat.set("firstName", person.get("firstName"));
        flat.set("lastName", person.get("lastName"));
        if (person.hasNonNull("identifier")) {
            flat.set("personIdentifier", person.get("identifier"));
        }
        if (person.hasNonNull("birthDate")) {
            flat.set("birthDate", person.get("birthDate"));
        }
        if (person.hasNonNull("idDocument")) {
            flat.set("idDocument", person.get("idDocument"));
        }
        return flat;
    }

    /** An entity's {@code subjectDetails} ({@code fullName}) as {@code PermissionsSubjectEntityDetails}. */
    private JsonNode entityDetails(Grant grant, String type) {
        JsonNode details = read(grant.subjectDetails());
        if (details == null || !details.hasNonNull("fullName")) {
            return null;
        }
        ObjectNode entity = json.createObjectNode().put("subjectDetailsType", type);
        entity.set("fullName", details.get("fullName"));
        return entity;
    }

    private JsonNode read(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    private static PermissionsApi.Identifier authorOf(Grant grant) {
        return PermissionsApi.Identifier.of(grant.author());
    }

    private static PermissionsApi.Identifier api(Identifier identifier) {
        return PermissionsApi.Identifier.of(identifier);
    }

    /** A direct grant's target is its own context; an indirect one's the client (or AllPartners). */
    private static boolean matchesTarget(Grant grant, Identifier target) {
        Identifier own = grant.target() != null ? grant.target() : grant.context();
        return Grant.ALL_PARTNERS.equals(target.type()) ? Grant.ALL_PARTNERS.equals(own.type()) : own.is(target);
    }

    private static java.util.function.Predicate<Grant> state(String state) {
        String wanted = state == null ? Grant.ACTIVE : state;
        return grant -> wanted.equals(grant.state());
    }

    private static void types(PermissionsValidation check, List<String> types, Set<String> allowed) {
        if (types == null) {
            return;
        }
        for (int i = 0; i < types.size(); i++) {
            check.oneOf(types.get(i), "permissionTypes[%d]".formatted(i), allowed, true);
        }
    }

    private static <T> Page<T> page(Stream<Grant> grants, Integer pageOffset, Integer pageSize,
                                    Function<Grant, T> item) {
        List<T> sorted = grants.sorted(Comparator.comparing(Grant::createdAt).reversed()
                .thenComparing(Grant::id)).map(item).toList();
        return slice(sorted, pageOffset, pageSize);
    }

    private static <T> Page<T> slice(List<T> all, Integer pageOffset, Integer pageSize) {
        int size = pageSize == null ? DEFAULT_PAGE_SIZE : pageSize;
        long from = (long) (pageOffset == null ? 0 : pageOffset) * size;
        return new Page<>(all.stream().skip(from).limit(size).toList(), from + size < all.size());
    }
}
