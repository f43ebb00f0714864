package io.clinicnode.bench.generate;

import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import io.clinicnode.appliance.patient.NationalDocument;
import io.clinicnode.appliance.patient.PatientData;
import io.clinicnode.appliance.patient.SearchText;

/**
 * Synthetic Brazilian patients for load tests and benchmarks: accented first names and surnames (common ones
 * more often, as in a real register), birth dates from 1935 to 2025, valid and unique CPFs, mobile and
 * landline phones with real area codes, some e-mails and addresses.
 *
 * <p>Patient number {@code i} of a seed is always the same person, so a benchmark can derive search queries
 * that match the data without reading it back. CPFs do not depend on the seed: patient {@code i} has the
 * {@code i}-th CPF of a fixed permutation of all 10⁹ CPF bases, so patients of different indexes never share
 * a document, whatever their seeds.
 *
 * <p>Thread-safe (stateless after construction).
 */
public final class SyntheticPatients {
    /** Multiplier of the CPF base permutation: odd and not a multiple of 5, so coprime with 10⁹. */
    private static final long CPF_STRIDE = 387_420_489L;
    private static final long CPF_OFFSET = 123_456_789L;
    private static final long CPF_BASES = 1_000_000_000L;
    private static final LocalDate FIRST_BIRTH = LocalDate.of(1935, 1, 1);
    private static final int BIRTH_DAYS = (int) (LocalDate.of(2025, 12, 31).toEpochDay() - FIRST_BIRTH.toEpochDay());

    private static final List<String> FEMALE = List.of(
            "Maria", "Ana", "Francisca", "Antônia", "Adriana", "Juliana", "Márcia", "Fernanda", "Patrícia", "Aline",
            "Sandra", "Camila", "Amanda", "Bruna", "Jéssica", "Letícia", "Júlia", "Luciana", "Vanessa", "Mariana",
            "Gabriela", "Vera", "Vitória", "Larissa", "Cláudia", "Beatriz", "Luana", "Rita", "Sônia", "Renata",
            "Eliane", "Josefa", "Simone", "Natália", "Cristina", "Raimunda", "Lúcia", "Conceição", "Cecília", "Débora",
            "Fátima", "Inês", "Mônica", "Tânia", "Lívia", "Laís", "Taís", "Isabela", "Heloísa", "Valéria",
            "Rosângela", "Luíza", "Giovana", "Lorena", "Sílvia", "Célia", "Glória", "Alícia", "Manuela", "Yasmin",
            "Sophia", "Helena", "Valentina", "Lara");
    private static final List<String> MALE = List.of(
            "José", "João", "Antônio", "Francisco", "Carlos", "Paulo", "Pedro", "Lucas", "Luiz", "Marcos",
            "Luís", "Gabriel", "Rafael", "Daniel", "Marcelo", "Bruno", "Eduardo", "Felipe", "Raimundo", "Rodrigo",
            "Manoel", "Mateus", "André", "Fernando", "Fábio", "Leonardo", "Gustavo", "Guilherme", "Leandro", "Tiago",
            "Anderson", "Ricardo", "Márcio", "Jorge", "Sebastião", "Alexandre", "Roberto", "Sérgio", "Cláudio", "Vinícius",
            "Otávio", "Flávio", "Rogério", "Caio", "Álvaro", "Júlio", "César", "Benedito", "Joaquim", "Severino",
            "Emanuel", "Heitor", "Davi", "Arthur", "Bernardo", "Enzo", "Murilo", "Nícolas", "Vítor", "Inácio",
            "Estêvão", "Tomás");
    private static final List<String> SURNAMES = List.of(
            "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes",
            "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes", "Vieira", "Barbosa",
            "Rocha", "Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Marques", "Machado", "Mendes", "Freitas",
            "Cardoso", "Ramos", "Gonçalves", "Santana", "Teixeira", "Araújo", "Conceição", "Brandão", "Falcão", "Guimarães",
            "Magalhães", "Simões", "Assunção", "Romão", "Sá", "Brito", "Mello", "Azevedo", "Cavalcanti", "Monteiro",
            "Moraes", "Pinto", "Correia", "Castro", "Campos", "Batista", "Jesus", "Melo", "Xavier", "Aragão",
            "Lacerda", "Peixoto", "Tavares", "Bezerra", "Siqueira", "Leão", "Macêdo", "Galvão", "Damásio", "Antunes",
            "Figueiredo", "Queiroz", "Prudêncio", "Veloso", "Paixão", "Abreu", "Fontes", "Medeiros", "Pacheco", "Sampaio",
            "Toledo", "Vasconcelos", "Quintão", "Assis", "Bragança", "Cunha", "Estrela", "Frota", "Jordão", "Loureiro");
    private static final List<String> PARTICLES = List.of("da", "de", "dos", "das", "do");
    private static final List<String> AREA_CODES = List.of(
            "11", "11", "11", "21", "21", "31", "41", "51", "61", "71", "81", "85", "91", "92", "27", "48", "62", "19", "12", "13");
    private static final List<String> STREETS = List.of(
            "Rua das Flores", "Avenida Brasil", "Rua São João", "Rua Sete de Setembro", "Avenida Paulista",
            "Rua XV de Novembro", "Rua Tiradentes", "Rua Dom Pedro II", "Travessa Boa Esperança", "Alameda Santos",
            "Rua Marechal Deodoro", "Avenida Getúlio Vargas", "Rua da Conceição", "Rua Benjamin Constant");
    private static final List<String[]> CITIES = List.of(
            new String[] {"São Paulo", "SP"}, new String[] {"Rio de Janeiro", "RJ"}, new String[] {"Belo Horizonte", "MG"},
            new String[] {"Curitiba", "PR"}, new String[] {"Porto Alegre", "RS"}, new String[] {"Brasília", "DF"},
            new String[] {"Salvador", "BA"}, new String[] {"Recife", "PE"}, new String[] {"Fortaleza", "CE"},
            new String[] {"Belém", "PA"}, new String[] {"Manaus", "AM"}, new String[] {"Goiânia", "GO"},
            new String[] {"Campinas", "SP"}, new String[] {"Florianópolis", "SC"}, new String[] {"Vitória", "ES"},
            new String[] {"São Luís", "MA"}, new String[] {"Maceió", "AL"}, new String[] {"Natal", "RN"},
            new String[] {"João Pessoa", "PB"}, new String[] {"Teresina", "PI"});
    private static final List<String> MAIL_DOMAINS = List.of("gmail.com", "hotmail.com", "yahoo.com.br", "uol.com.br", "outlook.com");

    private final long seed;

    public SyntheticPatients(long seed) {
        this.seed = seed;
    }

    /** Patient number {@code index}; the same for the same seed and index. */
    public PatientData patient(long index) {
        SplittableRandom random = random(index);
        boolean female = random.nextBoolean();
        List<String> firstNames = female ? FEMALE : MALE;
        StringBuilder name = new StringBuilder(skewed(random, firstNames));
        if (random.nextInt(100) < 30) {
            name.append(' ').append(skewed(random, firstNames));
        }
        if (random.nextInt(100) < 35) {
            name.append(' ').append(PARTICLES.get(random.nextInt(PARTICLES.size())));
        }
        String surname = skewed(random, SURNAMES);
        name.append(' ').append(surname);
        if (random.nextInt(100) < 60) {
            name.append(' ').append(skewed(random, SURNAMES));
        }
        LocalDate birthDate = FIRST_BIRTH.plusDays(random.nextInt(BIRTH_DAYS + 1));
        String phone = phone(random);
        String secondaryPhone = random.nextInt(100) < 15 ? phone(random) : null;
        String email = random.nextInt(100) < 40
                ? SearchText.normalize(name.substring(0, name.indexOf(" ")) + "." + surname).replace(' ', '.')
                        + random.nextInt(1000) + "@" + MAIL_DOMAINS.get(random.nextInt(MAIL_DOMAINS.size()))
                : null;
        PatientData.Address address = null;
        if (random.nextInt(100) < 70) {
            String[] city = CITIES.get(random.nextInt(CITIES.size()));
            address = new PatientData.Address(STREETS.get(random.nextInt(STREETS.size())) + ", " + (1 + random.nextInt(3000)),
                    city[0], city[1], String.format("%05d-%03d", random.nextInt(100_000), random.nextInt(1000)));
        }
        PatientData.Consents consents = new PatientData.Consents(random.nextInt(100) < 70, random.nextInt(100) < 30,
                random.nextInt(100) < 95);
        return new PatientData(name.toString(), birthDate, female ? PatientData.Sex.FEMALE : PatientData.Sex.MALE,
                cpf(index), phone, secondaryPhone, email, address, consents);
    }

    /** The record id of patient {@code index}: a version-4-shaped UUID drawn from the seed, so re-runs are identical. */
    public String id(long index) {
        SplittableRandom random = new SplittableRandom(mix(seed ^ 0x5DEECE66DL, index));
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low).toString();
    }

    /**
     * The {@code index}-th CPF of a fixed permutation, formatted {@code 123.456.789-09}; unique for indexes below
     * 10⁹. {@code null} for the ten indexes whose base has one repeated digit, which is not a valid CPF.
     */
    public static String cpf(long index) {
        if (index < 0 || index >= CPF_BASES) {
            throw new IllegalArgumentException("CPF index must be in [0, 10^9), was " + index);
        }
        String base = String.format("%09d", (index * CPF_STRIDE + CPF_OFFSET) % CPF_BASES);
        if (base.chars().distinct().count() == 1) {
            return null;
        }
        String cpf = NationalDocument.cpfWithCheckDigits(base);
        if (NationalDocument.problem("BR", cpf).isPresent()) {
            throw new IllegalStateException("Generated CPF " + cpf + " does not validate; the check digit rule here is wrong");
        }
        return cpf;
    }

    private static String phone(SplittableRandom random) {
        String area = AREA_CODES.get(random.nextInt(AREA_CODES.size()));
        if (random.nextInt(100) < 85) {
            return String.format("(%s) 9%04d-%04d", area, 6000 + random.nextInt(4000), random.nextInt(10_000));
        }
        return String.format("(%s) %04d-%04d", area, 2000 + random.nextInt(4000), random.nextInt(10_000));
    }

    /** Early entries of {@code values} come up far more often, like Silva and Maria in a real register. */
    private static String skewed(SplittableRandom random, List<String> values) {
        double u = random.nextDouble();
        return values.get((int) (values.size() * u * u));
    }

    private SplittableRandom random(long index) {
        return new SplittableRandom(mix(seed, index));
    }

    private static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
