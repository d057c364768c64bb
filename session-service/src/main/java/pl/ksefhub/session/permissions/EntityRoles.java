package pl.ksefhub.session.permissions;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The roles of entities ("role podmiotów", uprawnienia.md, "Pobranie listy ról podmiotu"). KSeF takes them from
 * registers (court bailiffs, enforcement authorities, JST, VAT groups); this installation, as KSeF's test
 * environment, from test data: {@code /testdata/subject} (EnforcementAuthority, VatGroup, JST and their subunits)
 * and {@code /testdata/person} ({@code isBailiff}).
 */
@ApplicationScoped
public class EntityRoles {

    public static final String COURT_BAILIFF = "CourtBailiff";
    public static final String ENFORCEMENT_AUTHORITY = "EnforcementAuthority";
    public static final String LOCAL_GOVERNMENT_UNIT = "LocalGovernmentUnit";
    public static final String LOCAL_GOVERNMENT_SUB_UNIT = "LocalGovernmentSubUnit";
    public static final String VAT_GROUP_UNIT = "VatGroupUnit";
    public static final String VAT_GROUP_SUB_UNIT = "VatGroupSubUnit";

    /** @param parentNip the parent entity of a subordinate role, else null */
    public record Role(String role, String description, String parentNip, OffsetDateTime startDate) {
    }

    /** A subordinate entity of a JST or VAT group. */
    public record Subordinate(String nip, String role, String description, OffsetDateTime startDate) {
    }

    /** The roles of the entity of a NIP. */
    public Uni<List<Role>> of(String nip) {
        if (nip == null) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select s.subject_type, s.parent_nip, p.subject_type, s.created_date
                        from test_subject s left join test_subject p on p.nip = s.parent_nip
                        where s.nip = ?1
                        """, Object[].class).setParameter(1, nip).getResultList()
                .chain(subjects -> session.createNativeQuery(
                                "select created_date from test_person where nip = ?1 and is_bailiff",
                                OffsetDateTime.class).setParameter(1, nip).getResultList()
                        .map(bailiffs -> {
                            List<Role> roles = new ArrayList<>();
                            for (OffsetDateTime since : bailiffs) {
                                roles.add(new Role(COURT_BAILIFF, "Komornik sądowy", null, since));
                            }
                            for (Object[] row : subjects) {
                                Role role = roleOf((String) row[0], (String) row[1], (String) row[2],
                                        (OffsetDateTime) row[3]);
                                if (role != null) {
                                    roles.add(role);
                                }
                            }
                            return roles;
                        })));
    }

    /** The subordinate entities of a JST (subordinate JSTs) or VAT group (its members). */
    public Uni<List<Subordinate>> subordinatesOf(String nip) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select s.nip, p.subject_type, s.created_date
                        from test_subject s join test_subject p on p.nip = s.parent_nip
                        where s.parent_nip = ?1
                        """, Object[].class).setParameter(1, nip).getResultList())
                .map(rows -> rows.stream().map(row -> {
                    boolean vatGroup = "VatGroup".equals(row[1]);
                    return new Subordinate((String) row[0], vatGroup ? VAT_GROUP_SUB_UNIT : LOCAL_GOVERNMENT_SUB_UNIT,
                            (vatGroup ? "Członek grupy VAT " : "Podrzędna JST ") + nip, (OffsetDateTime) row[2]);
                }).toList());
    }

    private static Role roleOf(String type, String parentNip, String parentType, OffsetDateTime since) {
        if (type != null) {
            return switch (type) {
                case "EnforcementAuthority" -> new Role(ENFORCEMENT_AUTHORITY, "Organ egzekucyjny", null, since);
                case "VatGroup" -> new Role(VAT_GROUP_UNIT, "Grupa VAT", null, since);
                case "JST" -> new Role(LOCAL_GOVERNMENT_UNIT, "Nadrzędna JST", null, since);
                default -> null;
            };
        }
        if (parentNip == null) {
            return null;
        }
        return "VatGroup".equals(parentType)
                ? new Role(VAT_GROUP_SUB_UNIT, "Członek grupy VAT " + parentNip, parentNip, since)
                : new Role(LOCAL_GOVERNMENT_SUB_UNIT, "Podrzędna JST " + parentNip, parentNip, since);
    }
}
